package io.tokenatlas.api;

import io.tokenatlas.catalog.TokenReadRepository;
import io.tokenatlas.chain.CollectionRegistry;
import io.tokenatlas.chain.CollectionRepository;
import io.tokenatlas.token.TokenState;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** A collection's tokens in id order, by state (e.g. ?state=failed lists the failures with reasons). */
@Path("/api/v1/collections/{id}/tokens")
@Produces(MediaType.APPLICATION_JSON)
public class TokenListResource {
    static final int MAX_LIMIT = 1000;
    private static final String LIST = "tokens";

    private final CollectionRepository collections;
    private final TokenReadRepository tokens;
    private final io.tokenatlas.embedding.EmbeddingModel model;

    public TokenListResource(CollectionRepository collections, TokenReadRepository tokens,
            io.tokenatlas.embedding.EmbeddingModel model) {
        this.collections = collections;
        this.tokens = tokens;
        this.model = model;
    }

    /** A page of tokens; {@code next} is the cursor for the following page (absent on the last). */
    public record TokenPage(List<TokenReadRepository.TokenLine> tokens, String next) {}

    @GET
    @Operation(summary = "List a collection's tokens", description = "In token id order, a page at a time (pass next"
            + " as cursor; after=<token id> starts after that token). Filters combine: state, owner (an address),"
            + " tag (a label the model gave, any case) and trait=type:value (repeatable; values of one type are"
            + " alternatives, all types must match).")
    public TokenPage list(@PathParam("id") long id, @QueryParam("state") String state,
            @QueryParam("owner") String owner, @QueryParam("tag") String tag,
            @Parameter(description = "type:value, e.g. Background:Blue") @QueryParam("trait") List<String> traits,
            @QueryParam("after") @DefaultValue("0") String after, @QueryParam("cursor") String cursor,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        Lookups.collection(collections, id);
        QueryValues.limit(limit, MAX_LIMIT);
        if (owner != null && !CollectionRegistry.ADDRESS.matcher(owner.strip()).matches()) {
            throw new InvalidInputException("owner must be an address, 0x followed by 40 hex digits; got " + owner);
        }
        String label = tag == null || tag.isBlank() ? null : tag.strip();
        // Tags belong to a model: the serving one is read only when a tag is asked for.
        var filter = new TokenReadRepository.ListFilter(parseState(state),
                owner == null ? null : owner.strip().toLowerCase(Locale.ROOT), label,
                label == null ? 0 : model.servingFor(id).id(), QueryValues.traitFilter(traits));
        BigInteger from = cursor != null && !cursor.isBlank()
                ? PageCursor.read(cursor, LIST, 1, key -> new BigInteger(key[0])) : QueryValues.tokenId(after);
        var page = tokens.page(id, filter, from, limit);
        return new TokenPage(page, PageCursor.next(LIST, page, limit, t -> new Object[] {t.tokenId()}));
    }

    private static TokenState parseState(String state) {
        if (state == null || state.isBlank()) {
            return null;
        }
        try {
            return TokenState.valueOf(state.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("state must be one of discovered, metadata_resolved, image_fetched, "
                    + "embedded, failed; got " + state);
        }
    }
}
