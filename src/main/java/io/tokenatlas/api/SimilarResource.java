package io.tokenatlas.api;

import io.tokenatlas.api.Dtos.NeighbourDto;
import io.tokenatlas.api.Dtos.SimilarDto;
import io.tokenatlas.catalog.TokenReadRepository;
import io.tokenatlas.catalog.TokenView;
import io.tokenatlas.chain.CollectionRepository;
import io.tokenatlas.metadata.TraitFilter;
import io.tokenatlas.vector.SimilarTokens;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigInteger;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The tokens that look like a token. */
@Path("/api/v1/collections/{id}/tokens/{tokenId}/similar")
@Produces(MediaType.APPLICATION_JSON)
public class SimilarResource {
    static final int MAX_K = 200;

    private final CollectionRepository collections;
    private final TokenReadRepository tokens;
    private final SimilarTokens similar;

    public SimilarResource(CollectionRepository collections, TokenReadRepository tokens, SimilarTokens similar) {
        this.collections = collections;
        this.tokens = tokens;
        this.similar = similar;
    }

    /** The k most similar tokens by cosine similarity of the collection's adapted descriptor or the stored vectors. */
    @GET
    @Operation(summary = "Tokens that look like this one", description = "The k nearest by cosine similarity:"
            + " within the collection (scope=collection) by its adapted descriptor once it has one, or across"
            + " every collection (scope=all) by the serving model's stored vectors; descriptor=stored compares the"
            + " stored vectors within the collection too, and the answer names the descriptor used."
            + " trait=type:value (repeatable) filters inside the vector search, so k results come back whenever"
            + " k tokens pass the filter.")
    public SimilarDto similar(@PathParam("id") long id, @PathParam("tokenId") String tokenId,
            @QueryParam("k") @DefaultValue("10") int k,
            @Parameter(description = "collection or all") @QueryParam("scope") @DefaultValue("collection") String scope,
            @Parameter(description = "type:value, e.g. Background:Blue") @QueryParam("trait") List<String> traits,
            @Parameter(description = "auto (adapted when fitted), adapted or stored") @QueryParam("descriptor")
            @DefaultValue("auto") String descriptor) {
        if (k < 1 || k > MAX_K) {
            throw new InvalidInputException("k must be between 1 and " + MAX_K + ", got " + k);
        }
        boolean all = switch (scope) {
            case "collection" -> false;
            case "all" -> true;
            default -> throw new InvalidInputException("scope must be collection or all, not '" + scope + "'");
        };
        SimilarTokens.Descriptor compared;
        try {
            compared = SimilarTokens.Descriptor.parse(descriptor);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
        TraitFilter filter = QueryValues.traitFilter(traits);
        BigInteger token = QueryValues.tokenId(tokenId);
        SimilarTokens.Answer answer = similar.of(id, token, all, filter, k, compared).orElseThrow(() -> {
            TokenView t = Lookups.token(collections, tokens, id, tokenId);
            if (t.burned()) {
                return new NotFoundException("token " + tokenId + " of collection " + id + " was burned");
            }
            return new NotFoundException("token " + tokenId + " has no embedding yet (state "
                    + t.state().name().toLowerCase() + (t.error() == null ? "" : ": " + t.error()) + ")");
        });
        var results = answer.found().stream().map(n -> new NeighbourDto(n.collectionId(), n.tokenId().toString(), n.score()))
                .toList();
        return new SimilarDto(id, token.toString(), answer.model().name(), answer.descriptor(), scope,
                traits == null ? List.of() : traits, results);
    }
}
