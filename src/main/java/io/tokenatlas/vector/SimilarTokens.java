package io.tokenatlas.vector;

import io.tokenatlas.embedding.EmbeddingModel;
import io.tokenatlas.embedding.ModelIdentity;
import io.tokenatlas.metadata.TraitFilter;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * The tokens that look like a token, under the collection's serving model, and again under the
 * new one when the collection switched models between reading the token's vector and its
 * neighbours (the old vectors go at the switch, which would leave the answer short).
 */
@ApplicationScoped
public class SimilarTokens {
    private final SimilarityRepository similarity;
    private final EmbeddingModel model;

    public SimilarTokens(SimilarityRepository similarity, EmbeddingModel model) {
        this.similarity = similarity;
        this.model = model;
    }

    /** Neighbours and the model that found them. */
    public record Answer(ModelIdentity model, List<Neighbour> found) {}

    /**
     * The k nearest tokens to token {@code token} of collection {@code collectionId}: within it, or
     * across every collection with {@code all}, passing {@code filter}. Empty when the token has no
     * live vector (not embedded yet, or burned).
     */
    public Optional<Answer> of(long collectionId, BigInteger token, boolean all, TraitFilter filter, int k) {
        Optional<Answer> answer = nearest(collectionId, token, model.recentServingFor(collectionId), all, filter, k);
        if (answer.isPresent() && answer.get().found().size() < k) {
            ModelIdentity fresh = model.servingFor(collectionId);
            if (fresh.id() != answer.get().model().id()) {
                return nearest(collectionId, token, fresh, all, filter, k);
            }
        }
        return answer;
    }

    /** The neighbours under {@code model}, or under the collection's serving model when the token has no vector of it. */
    private Optional<Answer> nearest(long id, BigInteger token, ModelIdentity model, boolean all, TraitFilter filter, int k) {
        // The common case in two queries: the live token's vector, then its neighbours.
        Optional<float[]> vector = similarity.liveVectorOf(id, token, model);
        ModelIdentity serving = vector.isPresent() ? model : this.model.servingFor(id);
        if (vector.isEmpty() && serving.id() != model.id()) {
            vector = similarity.liveVectorOf(id, token, serving);
        }
        return vector.map(query -> new Answer(serving, all || !filter.isEmpty()
                ? similarity.similar(new SimilarityRepository.Scope(all ? null : id, filter), query,
                        new Neighbour(id, token, 1), serving, k)
                : similarity.similar(id, query, token, serving, k)));
    }
}
