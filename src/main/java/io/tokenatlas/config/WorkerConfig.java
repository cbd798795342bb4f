package io.tokenatlas.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The pipeline workers and the work queue ({@code atlas.worker.*}). */
public interface WorkerConfig {
    /** Whether this process runs the metadata, image and embedding stages (false: it only follows chains). */
    @WithDefault("true")
    boolean enabled();

    /** Pause between rounds when a stage found no work (at least 1s). */
    @WithDefault("1s")
    Duration pollInterval();

    /** How long a claimed token stays with its worker before another may take it. */
    @WithDefault("2m")
    Duration lease();

    /**
     * Attempts of a retryable failure before the token may be marked failed; it is marked
     * failed only once the failures have also gone on for the retry budget.
     */
    @WithDefault("4")
    int maxAttempts();

    /**
     * How long retryable failures (a node, gateway or host that is down) are retried before the
     * token is marked failed: long enough to outlast an outage.
     */
    @WithDefault("6h")
    Duration retryBudget();

    /**
     * Times a token's lease may run out with no result recorded (its worker crashed, was killed
     * or ran out of memory) before the token is marked failed as worker_lost.
     */
    @WithDefault("3")
    int maxLostLeases();

    /**
     * Shortest time between two refreshes of one token that its contract asks for (ERC-4906
     * events): a contract announcing updates every block re-queues each token at most this often.
     */
    @WithDefault("10m")
    Duration refreshInterval();

    /** Longest a worker keeps renewing its lease on one token; past it another worker may take over. */
    @WithDefault("15m")
    Duration maxWorkTime();

    /** Delay before the first retry; doubles with each attempt. */
    @WithDefault("2s")
    Duration retryDelay();

    /** Longest delay between two retries (the doubling stops here). */
    @WithDefault("10m")
    Duration maxRetryDelay();

    /**
     * Tokens the metadata stage, and the image stage, each keep in work at once: a token that
     * finishes makes room for the next at once, so one slow answer holds only its own slot.
     */
    @WithDefault("32")
    int inFlight();

    /** Identity of this process in leases (default: a random id). */
    Optional<String> id();
}
