package io.tokenatlas.coordination;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import io.tokenatlas.config.ApiConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The API's rate limit: shared by every replica through PostgreSQL ({@link SharedRateLimits}), or
 * with {@code atlas.api.rate-limit-shared=false} counted by each replica on its own. Buckets full
 * again are deleted from the database once a minute.
 */
@ApplicationScoped
public class ApiRateLimits {
    private static final Logger LOG = Logger.getLogger(ApiRateLimits.class);

    private final RateLimits limits;

    public ApiRateLimits(ApiConfig config, AgroalDataSource dataSource) {
        this.limits = config.rateLimitShared()
                ? new SharedRateLimits(dataSource, config.rateLimit(), config.rateBurst())
                : new ClientRateLimits(config.rateLimit(), config.rateBurst());
    }

    public RateLimits limits() {
        return limits;
    }

    /** Whether taking from a bucket may wait on the database (so it must not run on an I/O thread). */
    public boolean blocking() {
        return limits instanceof SharedRateLimits;
    }

    @Scheduled(every = "1m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void forgetFullBuckets() {
        if (limits instanceof SharedRateLimits shared && shared.enabled()) {
            try {
                int forgotten = shared.forgetFull(10_000);
                if (forgotten > 0) {
                    LOG.debugf("deleted %d rate-limit buckets that were full again", forgotten);
                }
            } catch (RuntimeException e) {
                LOG.warnf("deleting full rate-limit buckets failed (trying again in a minute): %s", e.getMessage());
            }
        }
    }
}
