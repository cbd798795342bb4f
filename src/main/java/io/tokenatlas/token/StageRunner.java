package io.tokenatlas.token;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tokenatlas.config.WorkerConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Runs one round of a stage: claims tokens from the queue, hands them to the stage, and records
 * each failure on its token so that nothing is lost and the round goes on.
 */
@ApplicationScoped
public class StageRunner {
    private static final Logger LOG = Logger.getLogger(StageRunner.class);

    /** How long a token whose host is busy waits before it is claimed again. */
    static final Duration DEFER_DELAY = Duration.ofSeconds(1);

    /** How long one scheduled drain keeps going (waiting for wake-ups in between) before it returns. */
    static final Duration DRAIN_SPAN = Duration.ofSeconds(30);

    private final TokenQueue queue;
    private final MeterRegistry meters;
    private final StageWakeups wakeups;
    private final Duration pollInterval;
    private volatile boolean stopping;
    // I/O-bound stages wait on the network: one virtual thread a token.
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private final java.util.Map<String, Semaphore> slots = new java.util.concurrent.ConcurrentHashMap<>();

    public StageRunner(TokenQueue queue, MeterRegistry meters, StageWakeups wakeups, WorkerConfig config) {
        this.queue = queue;
        this.meters = meters;
        this.wakeups = wakeups;
        this.pollInterval = config.pollInterval();
    }

    /**
     * Runs {@code round} (which drains the work it finds) again and again for a while: after each
     * round it waits until tokens are announced in {@code input} or the poll interval passed.
     */
    public void drainFor(TokenState input, Runnable round) {
        long until = System.nanoTime() + DRAIN_SPAN.toNanos();
        while (!stopping && System.nanoTime() < until) {
            round.run();
            wakeups.await(input, pollInterval);
        }
    }

    /** Tells the stage that takes tokens in {@code state} that some are waiting. */
    public void announce(TokenState state) {
        wakeups.wake(state);
    }

    /** Counts a token a stage finished (outcome done) or gave up on for now (retry) or for good (failed). */
    public void count(String stage, String outcome) {
        meters.counter("atlas.stage.tokens", "stage", stage, "outcome", outcome).increment();
    }

    /** What a stage does with tokens it claimed together: a shared step (one RPC batch), then each token alone. */
    public interface Claimed {
        /** Runs what the claimed tokens share and returns the handler of each one. */
        Consumer<ClaimedToken> prepare(List<ClaimedToken> claimed);
    }

    /**
     * Keeps up to {@code inFlight} tokens of {@code state} in work continuously for a while: as
     * soon as one finishes, the next is claimed, so a slow answer holds only its own slot (not a
     * round of others). Each token's end is announced to the stage that takes {@code next}; between
     * claims that find nothing it waits for a wake-up or the poll interval. The bound holds across
     * calls (slots are per stage).
     */
    public void keepBusy(String stage, TokenState state, int inFlight, TokenState next, Claimed work) {
        keepBusy(stage, state, inFlight, next, work, DRAIN_SPAN);
    }

    void keepBusy(String stage, TokenState state, int inFlight, TokenState next, Claimed work, Duration span) {
        Semaphore free = slots.computeIfAbsent(stage, s -> new Semaphore(inFlight));
        long until = System.nanoTime() + span.toNanos();
        try {
            while (!stopping && System.nanoTime() < until) {
                if (!free.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS)) {
                    continue;
                }
                int want = 1 + free.drainPermits();
                List<ClaimedToken> claimed;
                try {
                    claimed = claim(state, want);
                } catch (RuntimeException e) {
                    free.release(want);
                    throw e;
                }
                free.release(want - claimed.size());
                if (claimed.isEmpty()) {
                    wakeups.await(state, pollInterval);
                    continue;
                }
                Consumer<ClaimedToken> handler;
                try {
                    handler = work.prepare(claimed);
                } catch (RuntimeException | Error e) {
                    try {
                        claimed.forEach(t -> fail(stage, t, e));
                    } finally {
                        free.release(claimed.size());
                    }
                    continue;
                }
                for (ClaimedToken token : claimed) {
                    try {
                        pool.submit(() -> {
                            try {
                                if (handleOne(stage, token, handler)) {
                                    // Its host is busy: the slot waits as the token does. Claimed again at
                                    // once, it would most likely find the host still busy, and claims and
                                    // deferrals would spin through the queue while the host works.
                                    Thread.sleep(DEFER_DELAY);
                                } else {
                                    announce(next);
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            } finally {
                                free.release();
                            }
                        });
                    } catch (java.util.concurrent.RejectedExecutionException e) {
                        free.release(); // stopping: the lease is given back or runs out
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** This process's name in leases; stages pass it when they store their result. */
    public String workerId() {
        return queue.workerId();
    }

    /** Claims up to {@code limit} tokens (none once the process is stopping). */
    public List<ClaimedToken> claim(TokenState state, int limit) {
        return stopping ? List.of() : queue.claim(state, limit);
    }

    /**
     * Records that a stage could not finish a token: every Throwable, Errors included, ends on the
     * token. Returns true when it was not a failure but a deferral (its host is busy).
     */
    public boolean fail(String stage, ClaimedToken token, Throwable error) {
        StageFailure failure = StageFailure.of(stage, error);
        if (failure.code().equals(StageFailure.HOST_BUSY)) {
            // Not a failure: its host has its share of fetches in flight. Back to the queue for a moment.
            count(stage, "deferred");
            queue.defer(token, DEFER_DELAY);
            return true;
        }
        if (failure.code().equals(StageFailure.INTERNAL) || error instanceof Error) {
            LOG.errorf(error, "%s: %s failed unexpectedly", stage, token);
        }
        count(stage, failure.retryable() && token.attempts() + 1 < queue.maxAttempts() ? "retry" : "failed");
        String reason = TokenQueue.printable(failure.getMessage());
        if (failure.retryable()) {
            LOG.infof("%s: %s failed (attempt %d): %s", stage, token, token.attempts() + 1, reason);
        } else {
            LOG.infof("%s: %s failed: %s", stage, token, reason);
        }
        queue.fail(token, stage, failure);
        return false;
    }

    /** Runs the stage on one token and records its failure; true when the token was deferred (its host is busy). */
    private boolean handleOne(String stage, ClaimedToken token, Consumer<ClaimedToken> handler) {
        Timer.Sample sample = Timer.start(meters);
        try {
            handler.accept(token);
            count(stage, "done");
            return false;
        } catch (Throwable e) {
            return fail(stage, token, e);
        } finally {
            sample.stop(meters.timer("atlas.stage.duration", "stage", stage));
        }
    }

    /** Whether the process is stopping: stages leave their rounds and claim nothing more. */
    public boolean stopping() {
        return stopping;
    }

    /**
     * Stages leave their drain at shutdown, before the beans they use go away, and the leases this
     * worker still holds are given back so other replicas take the tokens at once.
     */
    void onShutdown(@jakarta.enterprise.event.Observes io.quarkus.runtime.ShutdownEvent event) {
        stopping = true;
        pool.shutdownNow();
        queue.releaseAll();
    }

    @PreDestroy
    void close() {
        stopping = true;
        pool.shutdownNow();
    }
}
