package io.tokenatlas.layout;

import io.quarkus.scheduler.Scheduled;
import io.tokenatlas.chain.Collection;
import io.tokenatlas.chain.CollectionRepository;
import io.tokenatlas.config.LayoutConfig;
import io.tokenatlas.embedding.AdaptedDescriptors;
import io.tokenatlas.embedding.EmbeddingModel;
import io.tokenatlas.embedding.ModelIdentity;
import io.tokenatlas.token.StageRunner;
import io.tokenatlas.token.TokenState;
import io.tokenatlas.vector.Neighbour;
import io.tokenatlas.vector.SimilarityRepository;
import io.tokenatlas.vector.TokenVector;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Keeps the current layout version of each collection up to date between recomputes: tokens
 * embedded since get their adapted vectors and are placed at once from their nearest placed
 * neighbours (marked provisional), burned tokens are taken off. Woken by the embedding stage; safe to run in several replicas.
 */
@ApplicationScoped
public class LayoutUpkeep {
    private static final Logger LOG = Logger.getLogger(LayoutUpkeep.class);
    static final int BATCH = 256;

    private final CollectionRepository collections;
    private final LayoutVersions versions;
    private final LayoutPoints layouts;
    private final SimilarityRepository similarity;
    private final EmbeddingModel model;
    private final AdaptedDescriptors descriptors;
    private final StageRunner runner;
    private final boolean enabled;
    private final int neighbours;

    public LayoutUpkeep(CollectionRepository collections, LayoutVersions versions, LayoutPoints layouts, SimilarityRepository similarity,
            EmbeddingModel model, AdaptedDescriptors descriptors, StageRunner runner, LayoutConfig layoutConfig) {
        this.descriptors = descriptors;
        this.collections = collections;
        this.versions = versions;
        this.layouts = layouts;
        this.similarity = similarity;
        this.model = model;
        this.runner = runner;
        this.enabled = layoutConfig.enabled();
        this.neighbours = layoutConfig.placementNeighbours();
    }

    @Scheduled(every = "${atlas.worker.poll-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void drain() {
        if (!enabled) {
            return;
        }
        runner.drainFor(TokenState.EMBEDDED, this::round);
    }

    void round() {
        for (Collection collection : collections.all()) {
            try {
                upkeep(collection.id());
            } catch (RuntimeException e) {
                LOG.errorf(e, "collection %d: placing new tokens on the map failed", collection.id());
            }
        }
    }

    /** Places the collection's new tokens and removes burned ones; returns how many were placed. */
    public int upkeep(long collectionId) {
        Optional<LayoutVersion> current = versions.current(collectionId);
        if (current.isEmpty()) {
            return 0;
        }
        LayoutVersion v = current.get();
        layouts.removeBurned(v);
        ModelIdentity serving = model.servingFor(collectionId);
        descriptors.catchUp(collectionId, serving);
        if (serving.id() != v.modelId()) {
            return 0; // the next recompute lays the collection out with the new model
        }
        int placed = 0;
        while (true) {
            List<TokenVector> waiting = layouts.unplaced(v, BATCH);
            if (waiting.isEmpty()) {
                return placed;
            }
            BitSet occupied = layouts.occupiedCells(v.id());
            List<BigInteger> ids = new ArrayList<>(waiting.size());
            List<Placement.Placed> places = new ArrayList<>(waiting.size());
            for (TokenVector token : waiting) {
                ids.add(token.tokenId());
                places.add(Placement.place(neighbours(v, serving, token), v.grid(), occupied));
            }
            int added = layouts.addProvisional(v, ids, places);
            placed += added;
            if (added == 0) {
                return placed; // another replica placed them meanwhile, or their tokens are gone
            }
        }
    }

    /** The token's nearest neighbours that the version holds, nearest first. */
    private List<Placement.Neighbour> neighbours(LayoutVersion v, ModelIdentity serving, TokenVector token) {
        List<Neighbour> near = similarity.similar(v.collectionId(), token.vector(), token.tokenId(), serving,
                neighbours * 2);
        Map<BigInteger, LayoutPoint> placed = layouts.pointsOf(v.id(), near.stream().map(Neighbour::tokenId).toList());
        List<Placement.Neighbour> out = new ArrayList<>(neighbours);
        for (Neighbour n : near) {
            LayoutPoint p = placed.get(n.tokenId());
            if (p != null && out.size() < neighbours) {
                out.add(new Placement.Neighbour(p.x(), p.y(), p.cluster(), 1 - n.score()));
            }
        }
        if (out.isEmpty()) {
            for (SimilarityRepository.PlacedNeighbour p : similarity.nearestPlaced(v.id(), v.modelId(), token.vector(), neighbours)) {
                out.add(new Placement.Neighbour(p.x(), p.y(), p.cluster(), p.distance()));
            }
        }
        return out;
    }
}
