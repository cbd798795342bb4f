package io.tokenatlas.coordination;

import io.github.bucket4j.BandwidthBuilder;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimization;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * {@link RateLimits} shared by every replica: each client's bucket is a row of api_rate_bucket,
 * kept by Bucket4j's PostgreSQL backend (the row locked while it is paid from). So that a request
 * does not cost a database write, a replica pays from its copy of the bucket and writes what it took
 * once it has taken {@code burst / 20} requests or {@link #SYNC_EVERY} has passed, whichever comes
 * first: all replicas together may exceed a bucket by about that much each.
 */
public final class SharedRateLimits implements RateLimits {
    /** Longest a replica pays from its copy of a bucket before it writes what it took. */
    static final Duration SYNC_EVERY = Duration.ofMillis(200);
    /** Buckets this replica keeps a copy of before it forgets them all (they stay in the database). */
    static final int FORGET_AT = 10_000;

    private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;
    private final BucketConfiguration configuration;
    private final Optimization optimization;
    private final Map<String, BucketProxy> copies = new ConcurrentHashMap<>();
    private final double perSecond;
    private final int burst;
    /**
     * The policy in each bucket's key: a stored bucket keeps the policy it was made with, so after
     * the limit is changed, clients start from fresh buckets and the old ones expire.
     */
    private final String keyPrefix;

    public SharedRateLimits(DataSource dataSource, double perSecond, int burst) {
        if (perSecond > 0 && burst < 1) {
            throw new IllegalArgumentException("the rate burst must be at least 1, got " + burst);
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.keyPrefix = perSecond + "/" + burst + " ";
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("api_rate_bucket").idColumn("id").stateColumn("state").expiresAtColumn("expires_at")
                // A bucket is full again (and can be forgotten) this long after its last use.
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .build();
        this.configuration = perSecond <= 0 ? null : BucketConfiguration.builder()
                .addLimit(BandwidthBuilder.builder().capacity(burst)
                        .refillGreedy(burst, Duration.ofNanos((long) Math.ceil(burst / perSecond * 1e9))).build())
                .build();
        this.optimization = Optimizations.delaying(new DelayParameters(Math.max(1, burst / 20), SYNC_EVERY));
    }

    @Override
    public boolean enabled() {
        return perSecond > 0;
    }

    @Override
    public Taken take(String client, int cost) {
        if (!enabled()) {
            return new Taken(0, burst, 0);
        }
        if (copies.size() >= FORGET_AT) {
            copies.clear();
        }
        BucketProxy bucket = copies.computeIfAbsent(client,
                c -> buckets.builder().withOptimization(optimization).build(keyPrefix + c, () -> configuration));
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(Math.min(cost, burst));
        long remaining = probe.getRemainingTokens();
        return new Taken(probe.isConsumed() ? 0 : probe.getNanosToWaitForRefill(), remaining,
                (long) Math.ceil((burst - remaining) / perSecond));
    }

    @Override
    public String policy() {
        return RateLimits.policy(perSecond, burst);
    }

    /** Deletes up to {@code batch} buckets that are full again; returns how many. */
    public int forgetFull(int batch) {
        return buckets.removeExpired(batch);
    }
}
