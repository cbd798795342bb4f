package io.tokenatlas.layout;

import io.quarkus.scheduler.Scheduled;
import io.tokenatlas.chain.Collection;
import io.tokenatlas.chain.CollectionRepository;
import io.tokenatlas.config.LayoutConfig;
import io.tokenatlas.coordination.CollectionLocks;
import io.tokenatlas.embedding.AdaptedDescriptors;
import io.tokenatlas.embedding.EmbeddingModel;
import io.tokenatlas.embedding.ModelIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.jboss.logging.Logger;

/**
 * Checks each collection every {@code atlas.layout.check-interval} and recomputes its layout (and
 * refits its adapted descriptor) when {@link RecomputePolicy} says so, under the collection's
 * layout lock, so that one replica at a time recomputes a collection.
 */
@ApplicationScoped
public class LayoutSchedule {
    private static final Logger LOG = Logger.getLogger(LayoutSchedule.class);
    /** Failed recomputes wait this long before the next try, doubling up to {@link #LAST_RETRY}. */
    static final Duration FIRST_RETRY = Duration.ofSeconds(10);
    static final Duration LAST_RETRY = Duration.ofHours(1);

    private record RetryAfter(Instant at, Duration delay) {}

    private final java.util.Map<Long, RetryAfter> failures = new java.util.concurrent.ConcurrentHashMap<>();

    private final CollectionRepository collections;
    private final LayoutVersions layouts;
    private final LayoutRecompute recompute;
    private final CollectionLocks locks;
    private final EmbeddingModel model;
    private final AdaptedDescriptors descriptors;
    private final RecomputePolicy policy;
    private final int pendingEnough;
    private final boolean enabled;

    public LayoutSchedule(CollectionRepository collections, LayoutVersions layouts, LayoutRecompute recompute,
            CollectionLocks locks, EmbeddingModel model, AdaptedDescriptors descriptors, LayoutConfig layoutConfig) {
        this.descriptors = descriptors;
        this.collections = collections;
        this.layouts = layouts;
        this.recompute = recompute;
        this.locks = locks;
        this.model = model;
        LayoutConfig c = layoutConfig;
        this.policy = new RecomputePolicy(c.recomputeInterval(), c.minNewTokens(), c.newTokenShare());
        this.pendingEnough = c.minNewTokens();
        this.enabled = c.enabled();
    }

    @Scheduled(every = "${atlas.layout.check-interval}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void check() {
        if (!enabled) {
            return;
        }
        Instant now = Instant.now();
        for (Collection collection : collections.all()) {
            RetryAfter waiting = failures.get(collection.id());
            if (waiting != null && now.isBefore(waiting.at())) {
                continue;
            }
            try {
                checkOne(collection.id());
                failures.remove(collection.id());
            } catch (RuntimeException | OutOfMemoryError e) {
                // A recompute that failed (a database error, or a collection too big for the heap)
                // is tried again later, each time twice as late: it would fail again at once.
                Duration delay = waiting == null ? FIRST_RETRY : waiting.delay().multipliedBy(2);
                delay = delay.compareTo(LAST_RETRY) > 0 ? LAST_RETRY : delay;
                failures.put(collection.id(), new RetryAfter(now.plus(delay), delay));
                LOG.errorf(e, "collection %d: layout recompute failed; tried again in %s", collection.id(), delay);
            }
        }
    }


    /**
     * Recomputes the collection's layout (and refits its descriptor) if it is due and no other
     * replica is at it; true if it ran. A collection whose map came before it had enough tokens
     * for a descriptor gets its first fit as soon as it has them, without a recompute.
     */
    public boolean checkOne(long collectionId) {
        Optional<CollectionLocks.Held> lock = locks.tryLock(CollectionLocks.Job.LAYOUT, collectionId);
        if (lock.isEmpty()) {
            return false;
        }
        try (CollectionLocks.Held held = lock.get()) {
            ModelIdentity serving = model.servingFor(collectionId);
            Optional<LayoutVersion> current = layouts.current(collectionId);
            LayoutVersions.Drift drift = current.map(layouts::drift).orElse(new LayoutVersions.Drift(0, 0));
            IntSupplier embedded = () -> layouts.embeddedCount(collectionId, serving.id());
            Optional<String> reason = policy.due(current, serving.id(), embedded, drift,
                    () -> layouts.pendingCount(collectionId, pendingEnough), Instant.now());
            if (reason.isEmpty()) {
                if (descriptors.firstFitDue(collectionId, serving, embedded)) {
                    descriptors.refit(collectionId, serving);
                }
                return false;
            }
            // The collection's descriptor is refitted with its map (same lock, same moment).
            descriptors.refit(collectionId, serving);
            return recompute.run(collectionId, serving, reason.get()).isPresent();
        }
    }
}
