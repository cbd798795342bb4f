package io.tokenatlas.api;

import io.tokenatlas.chain.CollectionRepository;
import io.tokenatlas.token.TokenReadRepository;
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

/** A collection's tokens in id order, by state (e.g. ?state=failed lists the failures with reasons). */
@Path("/api/v1/collections/{id}/tokens")
@Produces(MediaType.APPLICATION_JSON)
public class TokenListResource {
    static final int MAX_LIMIT = 1000;

    private final CollectionRepository collections;
    private final TokenReadRepository tokens;

    public TokenListResource(CollectionRepository collections, TokenReadRepository tokens) {
        this.collections = collections;
        this.tokens = tokens;
    }

    /** A page of tokens; {@code next} is the cursor for the following page (absent on the last). */
    public record TokenPage(List<TokenReadRepository.TokenLine> tokens, String next) {}

    @GET
    public TokenPage list(@PathParam("id") long id, @QueryParam("state") String state,
            @QueryParam("after") @DefaultValue("0") String after, @QueryParam("limit") @DefaultValue("100") int limit) {
        CollectionResource.find(collections, id);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        TokenState wanted = parseState(state);
        BigInteger cursor = TokenResource.parseId(after);
        var page = tokens.page(id, wanted, cursor, limit);
        String next = page.size() == limit ? page.getLast().tokenId().toString() : null;
        return new TokenPage(page, next);
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
