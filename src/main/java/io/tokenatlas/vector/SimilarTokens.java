package io.tokenatlas.vector;

import io.tokenatlas.embedding.EmbeddingModel;
import io.tokenatlas.embedding.ModelIdentity;
import io.tokenatlas.metadata.TraitFilter;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * The tokens that look like a token: by the collection's adapted descriptor when it has one (and
 * the search stays within the collection), else by the stored vectors of its serving model, and
 * again under the new model when the collection switched models between reading the token's
 * vector and its neighbours (the old vectors go at the switch, which would leave the answer short).
 */
@ApplicationScoped
public class SimilarTokens {
    private final SimilarityRepository similarity;
    private final AdaptedSimilarity adapted;
    private final EmbeddingModel model;

    public SimilarTokens(SimilarityRepository similarity, AdaptedSimilarity adapted, EmbeddingModel model) {
        this.similarity = similarity;
        this.adapted = adapted;
        this.model = model;
    }

    /** Which vectors a search compares. */
    public enum Descriptor {
        /** The collection's adapted descriptor when it has one, else the stored vectors. */
        AUTO,
        /** The stored vectors: the model's embedding with the colour descriptor mixed in as configured. */
        STORED;

        /** The descriptor named in a request ({@code auto}, {@code adapted} or {@code stored}). */
        public static Descriptor parse(String name) {
            return switch (name == null ? "auto" : name.toLowerCase(java.util.Locale.ROOT)) {
                case "auto", "adapted" -> AUTO;
                case "stored" -> STORED;
                default -> throw new IllegalArgumentException(
                        "descriptor must be auto, adapted or stored, got '" + name + "'");
            };
        }
    }

    /** Neighbours, the model that found them, and the descriptor compared ("adapted" or "stored"). */
    public record Answer(ModelIdentity model, String descriptor, List<Neighbour> found) {}

    /** {@link #of(long, BigInteger, boolean, TraitFilter, int, Descriptor)} with the automatic choice. */
    public Optional<Answer> of(long collectionId, BigInteger token, boolean all, TraitFilter filter, int k) {
        return of(collectionId, token, all, filter, k, Descriptor.AUTO);
    }

    /**
     * The k nearest tokens to token {@code token} of collection {@code collectionId}: within it, or
     * across every collection with {@code all}, passing {@code filter}. Empty when the token has no
     * live vector (not embedded yet, or burned).
     */
    public Optional<Answer> of(long collectionId, BigInteger token, boolean all, TraitFilter filter, int k,
            Descriptor descriptor) {
        if (descriptor == Descriptor.AUTO && !all) {
            ModelIdentity serving = model.recentServingFor(collectionId);
            Optional<List<Neighbour>> found = adapted.similarTo(collectionId, serving.id(), token, filter, k);
            if (found.isPresent()) {
                return Optional.of(new Answer(serving, "adapted", found.get()));
            }
        }
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
        return vector.map(query -> new Answer(serving, "stored", all || !filter.isEmpty()
                ? similarity.similar(new SimilarityRepository.Scope(all ? null : id, filter), query,
                        new Neighbour(id, token, 1), serving, k)
                : similarity.similar(id, query, token, serving, k)));
    }
}
