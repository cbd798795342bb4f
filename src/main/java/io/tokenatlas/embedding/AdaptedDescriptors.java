package io.tokenatlas.embedding;

import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import io.tokenatlas.config.EmbeddingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import org.jboss.logging.Logger;

/**
 * Fits each collection's adapted descriptor (when its map is recomputed), keeps the adapted
 * vectors of newly embedded tokens current, and projects query vectors for search.
 */
@ApplicationScoped
public class AdaptedDescriptors {
    private static final Logger LOG = Logger.getLogger(AdaptedDescriptors.class);
    /**
     * A fit reads at most this many vectors (a fixed sample); every token is projected. 20,000
     * vectors of 1424 values held as floats, as doubles and in the PCA's own copy took the daemon
     * to 1.3 GB RSS on a 100,000-token collection; 5,000 still give the 128 axes kept several
     * dozen samples each.
     */
    static final int SAMPLE = 5_000;
    static final int PAGE = 2_000;

    /** A collection's current fit, ready to project. */
    public record Current(int version, AdaptedDescriptor descriptor) {}

    private record Key(long collectionId, int modelId, int version) {}

    private final AdaptedRepository repository;
    private final int minTokens;
    private final Map<Key, AdaptedDescriptor> loaded = new ConcurrentHashMap<>();

    public AdaptedDescriptors(AdaptedRepository repository, EmbeddingConfig config) {
        this.repository = repository;
        this.minTokens = config.adaptedMinTokens();
    }

    /** Whether collections get adapted descriptors at all (atlas.embedding.adapted-min-tokens above 0). */
    public boolean enabled() {
        return minTokens > 0;
    }

    /**
     * Whether the collection is due its first fit under {@code model}: it has none yet and
     * {@code embedded} reaches the minimum. A map last recomputed below the minimum (a small
     * collection, or one early in its backfill) may not be recomputed again for a long time: the
     * fit does not wait for it.
     */
    public boolean firstFitDue(long collectionId, ModelIdentity model, IntSupplier embedded) {
        return enabled() && repository.currentVersion(collectionId, model.id()).isEmpty()
                && embedded.getAsInt() >= fewestTokens();
    }

    /** The fewest vectors a fit is made from. */
    private int fewestTokens() {
        return Math.max(minTokens, AdaptedDescriptor.MIN_TOKENS);
    }

    /**
     * Fits the collection's descriptor anew on its stored vectors of {@code model} and rewrites
     * every adapted vector, in one transaction (searches see the old fit or the new one). Nothing
     * happens below the minimum token count. Returns the new version.
     */
    @Transactional
    @TransactionConfiguration(timeout = 900)
    public Optional<Integer> refit(long collectionId, ModelIdentity model) {
        if (!enabled()) {
            return Optional.empty();
        }
        java.time.Instant readAt = repository.databaseNow();
        List<float[]> sample = repository.sample(collectionId, model.id(), SAMPLE);
        if (sample.size() < fewestTokens()) {
            return Optional.empty();
        }
        long started = System.nanoTime();
        AdaptedDescriptor descriptor = AdaptedDescriptor.fit(sample, EmbeddingModel.modelPart(model));
        int version = repository.storeFit(collectionId, model.id(), sample.size(), descriptor.toBytes(), readAt);
        loaded.put(new Key(collectionId, model.id(), version), descriptor);
        int written = 0;
        BigInteger after = BigInteger.ONE.negate();
        while (true) {
            List<AdaptedRepository.Source> page = repository.page(collectionId, model.id(), after, PAGE);
            if (page.isEmpty()) {
                break;
            }
            repository.write(collectionId, model.id(), version, page, project(descriptor, page));
            written += page.size();
            after = page.getLast().tokenId();
        }
        LOG.infof("collection %d: descriptor fit %d on %d vectors, %d tokens projected in %d ms", collectionId, version,
                sample.size(), written, (System.nanoTime() - started) / 1_000_000);
        return Optional.of(version);
    }

    /** Projects vectors embedded since the current fit; returns how many. */
    public int catchUp(long collectionId, ModelIdentity model) {
        Optional<AdaptedRepository.StoredFit> fit = enabled() ? repository.currentVersion(collectionId, model.id())
                : Optional.empty();
        if (fit.isEmpty()) {
            return 0;
        }
        AdaptedDescriptor descriptor = load(collectionId, model.id(), fit.get().version());
        int total = 0;
        while (true) {
            List<AdaptedRepository.Source> stale = repository.stale(collectionId, model.id(), fit.get(), PAGE);
            repository.write(collectionId, model.id(), fit.get().version(), stale, project(descriptor, stale));
            total += stale.size();
            if (stale.size() < PAGE) {
                return total;
            }
        }
    }

    /** The collection's current fit under {@code model}; empty before its first fit. */
    public Optional<Current> current(long collectionId, ModelIdentity model) {
        if (!enabled()) {
            return Optional.empty();
        }
        return repository.currentVersion(collectionId, model.id())
                .map(f -> new Current(f.version(), load(collectionId, model.id(), f.version())));
    }

    private AdaptedDescriptor load(long collectionId, int modelId, int version) {
        Key key = new Key(collectionId, modelId, version);
        AdaptedDescriptor known = loaded.get(key);
        if (known != null) {
            return known;
        }
        // Older versions of this collection are not asked for again.
        loaded.keySet().removeIf(o -> o.collectionId() == collectionId && o.modelId() == modelId && o.version() < version);
        AdaptedDescriptor descriptor = AdaptedDescriptor.fromBytes(repository.fit(collectionId, modelId, version));
        loaded.put(key, descriptor);
        return descriptor;
    }

    private static List<float[]> project(AdaptedDescriptor descriptor, List<AdaptedRepository.Source> sources) {
        List<float[]> out = new ArrayList<>(sources.size());
        for (AdaptedRepository.Source s : sources) {
            out.add(descriptor.project(s.vector()));
        }
        return out;
    }
}
