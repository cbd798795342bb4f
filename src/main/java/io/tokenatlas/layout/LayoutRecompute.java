package io.tokenatlas.layout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.tokenatlas.config.AtlasConfig;
import io.tokenatlas.config.LayoutConfig;
import io.tokenatlas.embedding.ModelIdentity;
import io.tokenatlas.layout.ClusterNames.Feature;
import io.tokenatlas.vector.SimilarityRepository;
import io.tokenatlas.vector.TokenVector;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Computes a collection's next layout version from the serving model's vectors and stores it,
 * aligned to the current version. The caller holds the collection's layout lock.
 */
@ApplicationScoped
public class LayoutRecompute {
    private static final Logger LOG = Logger.getLogger(LayoutRecompute.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Vectors the PCA before UMAP is fitted on. */
    static final int REDUCTION_SAMPLE = 5_000;
    /** Vectors read at a time. */
    static final int PAGE = 2_000;
    /**
     * UMAP epochs of a map computed while a backfill still brings tokens (at the default setting):
     * it is recomputed once they have all arrived, and UMAP's 500 epochs for fewer than 10,000
     * points made a 2,000-token map of an ingest cost more than the 10,000-token one at its end.
     */
    static final int PROVISIONAL_EPOCHS = 200;

    private final SimilarityRepository vectors;
    private final LayoutVersions layouts;
    private final LayoutReads reads;
    private final LayoutConfig config;
    private final MeterRegistry meters;

    public LayoutRecompute(SimilarityRepository vectors, LayoutVersions layouts, LayoutReads reads, AtlasConfig config,
            MeterRegistry meters) {
        this.vectors = vectors;
        this.layouts = layouts;
        this.reads = reads;
        this.config = config.layout();
        this.meters = meters;
    }

    /** Runs one recompute; empty when the collection has no vectors yet. */
    public Optional<LayoutVersion> run(long collectionId, ModelIdentity model, String reason) {
        long started = System.nanoTime();
        Instant inputsReadAt = layouts.databaseNow();
        // Tokens still on their way when the vectors are read: the map is recomputed once they have arrived.
        int pending = layouts.pendingCount(collectionId, LayoutVersion.PENDING_COUNTED);
        // PCA fitted on a sample, then every vector reduced a page at a time: only the reduced ones are held.
        VectorReduction reduction = VectorReduction.fit(
                vectors.vectorSample(collectionId, model, REDUCTION_SAMPLE).stream().map(TokenVector::vector).toList(),
                config.pcaDimensions());
        List<BigInteger> ids = new ArrayList<>();
        List<double[]> reduced = new ArrayList<>();
        BigInteger after = BigInteger.ONE.negate();
        while (true) {
            List<TokenVector> page = vectors.vectorPage(collectionId, model, after, PAGE);
            for (TokenVector row : page) {
                ids.add(row.tokenId());
                reduced.add(reduction.apply(row.vector()));
            }
            if (page.size() < PAGE) {
                break;
            }
            after = page.getLast().tokenId();
        }
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        double[][] data = reduced.toArray(double[][]::new);
        Map<BigInteger, Set<Feature>> byToken = layouts.features(collectionId, model.id());
        List<Set<Feature>> features = ids.stream().map(id -> byToken.getOrDefault(id, Set.of())).toList();
        Optional<LayoutVersion> previous = layouts.current(collectionId);
        Map<BigInteger, double[]> before = previous.map(p -> reads.positions(p.id())).orElse(Map.of());

        UmapProjection.Params umap = new UmapProjection.Params(config.neighbours(), config.minDist(),
                config.pcaDimensions(), epochs(config.epochs(), pending, config.minNewTokens()), config.seed());
        LayoutComputation.Settings settings = new LayoutComputation.Settings(umap, config.exactGridLimit(),
                config.maxClusters(), config.minClusterSize());
        LayoutComputation.Output out = LayoutComputation.compute(new LayoutComputation.Input(ids, data, features),
                before, settings);
        String params = params(model, ids.size(), pending, umap, settings, out, previous, reason);
        LayoutVersion stored = layouts.store(collectionId, model.id(), ids, out, params, inputsReadAt,
                config.keepVersions());
        long millis = (System.nanoTime() - started) / 1_000_000;
        meters.timer("atlas.layout.recompute").record(java.time.Duration.ofMillis(millis));
        LOG.infof("collection %d: layout version %d of %d tokens (%s) in %d ms: umap %d ms, grid %s %d ms, %d clusters",
                collectionId, stored.version(), ids.size(), reason, millis, out.umapMillis(), out.gridMethod(),
                out.gridMillis(), out.clusters().size());
        return Optional.of(stored);
    }

    /**
     * The epochs setting for UMAP: the configured one, or at the default (0) {@link #PROVISIONAL_EPOCHS}
     * while at least {@code minNewTokens} tokens are still on their way (a backfill, not a few stragglers).
     */
    static int epochs(int configured, int pending, int minNewTokens) {
        return configured == 0 && pending >= minNewTokens ? PROVISIONAL_EPOCHS : configured;
    }

    private static String params(ModelIdentity model, int tokens, int pending, UmapProjection.Params umap,
            LayoutComputation.Settings settings, LayoutComputation.Output out, Optional<LayoutVersion> previous,
            String reason) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("reason", reason);
        p.put("model", model.name());
        p.put("tokens", tokens);
        p.put(LayoutVersion.PENDING_KEY, pending);
        p.put("seed", umap.seed());
        p.put("umap", Map.of("neighbours", umap.neighbours(), "minDist", umap.minDist(),
                "pcaDimensions", umap.pcaDimensions(), "epochs", umap.epochs()));
        p.put("grid", Map.of("method", out.gridMethod().name().toLowerCase(), "exactLimit", settings.exactGridLimit(),
                "cost", out.gridCost()));
        p.put("clusters", Map.of("count", out.clusters().size(), "max", settings.maxClusters(),
                "minSize", settings.minClusterSize()));
        Map<String, Object> aligned = new LinkedHashMap<>();
        aligned.put("toVersion", previous.map(LayoutVersion::version).orElse(null));
        aligned.put("sharedTokens", out.alignedOn());
        aligned.put("rotationDegrees", out.alignment().degrees());
        aligned.put("reflected", out.alignment().reflect());
        aligned.put("residual", out.alignmentResidual());
        p.put("alignment", aligned);
        p.put("millis", Map.of("umap", out.umapMillis(), "grid", out.gridMillis(), "clusters", out.clusterMillis()));
        try {
            return JSON.writeValueAsString(p);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("recording layout parameters failed", e);
        }
    }
}
