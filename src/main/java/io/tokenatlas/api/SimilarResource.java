package io.tokenatlas.api;

import io.tokenatlas.api.Dtos.NeighbourDto;
import io.tokenatlas.api.Dtos.SimilarDto;
import io.tokenatlas.catalog.TokenReadRepository;
import io.tokenatlas.catalog.TokenView;
import io.tokenatlas.chain.CollectionRepository;
import io.tokenatlas.embedding.EmbeddingModel;
import io.tokenatlas.embedding.ModelIdentity;
import io.tokenatlas.metadata.TraitFilter;
import io.tokenatlas.vector.Neighbour;
import io.tokenatlas.vector.SimilarityRepository;
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
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The tokens that look like a token. */
@Path("/api/v1/collections/{id}/tokens/{tokenId}/similar")
@Produces(MediaType.APPLICATION_JSON)
public class SimilarResource {
    static final int MAX_K = 200;

    private final CollectionRepository collections;
    private final TokenReadRepository tokens;
    private final SimilarityRepository similarity;
    private final EmbeddingModel model;

    public SimilarResource(CollectionRepository collections, TokenReadRepository tokens, SimilarityRepository similarity,
            EmbeddingModel model) {
        this.collections = collections;
        this.tokens = tokens;
        this.similarity = similarity;
        this.model = model;
    }

    /** The k most similar tokens of the same collection by cosine similarity of the current model's vectors. */
    @GET
    @Operation(summary = "Tokens that look like this one", description = "The k nearest by cosine similarity of the"
            + " serving model's vectors, within the collection (scope=collection) or across every collection"
            + " (scope=all). trait=type:value (repeatable) filters inside the vector search, so k results come"
            + " back whenever k tokens pass the filter.")
    public SimilarDto similar(@PathParam("id") long id, @PathParam("tokenId") String tokenId,
            @QueryParam("k") @DefaultValue("10") int k,
            @Parameter(description = "collection or all") @QueryParam("scope") @DefaultValue("collection") String scope,
            @Parameter(description = "type:value, e.g. Background:Blue") @QueryParam("trait") List<String> traits) {
        if (k < 1 || k > MAX_K) {
            throw new InvalidInputException("k must be between 1 and " + MAX_K + ", got " + k);
        }
        boolean all = switch (scope) {
            case "collection" -> false;
            case "all" -> true;
            default -> throw new InvalidInputException("scope must be collection or all, not '" + scope + "'");
        };
        TraitFilter filter = TokenListResource.traitFilter(traits);
        BigInteger token = TokenResource.parseId(tokenId);
        Answer answer = nearest(id, token, tokenId, model.recentServingFor(id), all, filter, k);
        if (answer.found().size() < k) {
            // The collection may have switched to a new model between reading the token's vector
            // and its neighbours (the old vectors go at the switch): ask the new model.
            ModelIdentity fresh = model.servingFor(id);
            if (fresh.id() != answer.model().id()) {
                answer = nearest(id, token, tokenId, fresh, all, filter, k);
            }
        }
        var results = answer.found().stream().map(n -> new NeighbourDto(n.collectionId(), n.tokenId().toString(), n.score()))
                .toList();
        return new SimilarDto(id, token.toString(), answer.model().name(), scope, traits == null ? List.of() : traits, results);
    }

    /** Neighbours and the model that found them. */
    private record Answer(ModelIdentity model, List<Neighbour> found) {}

    /** The neighbours under {@code model}, or under the collection's serving model when the token has no vector of it. */
    private Answer nearest(long id, BigInteger token, String tokenId, ModelIdentity model, boolean all,
            TraitFilter filter, int k) {
        // The common case in two queries: the live token's vector, then its neighbours.
        Optional<float[]> vector = similarity.liveVectorOf(id, token, model);
        ModelIdentity serving = vector.isPresent() ? model : this.model.servingFor(id);
        if (vector.isEmpty() && serving.id() != model.id()) {
            vector = similarity.liveVectorOf(id, token, serving);
        }
        float[] query = vector.orElseGet(() -> {
            TokenView t = TokenResource.find(collections, tokens, id, tokenId);
            if (t.burned()) {
                throw new NotFoundException("token " + tokenId + " of collection " + id + " was burned");
            }
            throw new NotFoundException("token " + tokenId + " has no embedding yet (state "
                    + t.state().name().toLowerCase() + (t.error() == null ? "" : ": " + t.error()) + ")");
        });
        return new Answer(serving, all || !filter.isEmpty()
                ? similarity.similar(new SimilarityRepository.Scope(all ? null : id, filter), query,
                        new Neighbour(id, token, 1), serving, k)
                : similarity.similar(id, query, token, serving, k));
    }
}
