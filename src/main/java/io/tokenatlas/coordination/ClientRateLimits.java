package io.tokenatlas.coordination;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * {@link RateLimits} kept in this process: each replica counts on its own. Buckets idle long
 * enough to be full again are dropped, so memory follows the clients seen recently. Pure.
 */
public final class ClientRateLimits implements RateLimits {
    /** Buckets kept before the idle ones are swept out. */
    static final int SWEEP_AT = 10_000;

    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public ClientRateLimits(double perSecond, int burst) {
        this(perSecond, burst, System::nanoTime);
    }

    ClientRateLimits(double perSecond, int burst, LongSupplier nanoClock) {
        if (perSecond > 0 && burst < 1) {
            throw new IllegalArgumentException("the rate burst must be at least 1, got " + burst);
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoClock = nanoClock;
    }

    @Override
    public boolean enabled() {
        return perSecond > 0;
    }

    @Override
    public Taken take(String client, int cost) {
        long wait = takeNanos(client, cost);
        long[] standing = standing(client);
        return new Taken(wait, standing[0], standing[1]);
    }

    /**
     * Takes {@code cost} requests from the client's bucket: 0 when it may go on, else the
     * nanoseconds until the bucket will hold enough (nothing is taken then).
     */
    public long takeNanos(String client, int cost) {
        if (!enabled()) {
            return 0;
        }
        long now = nanoClock.getAsLong();
        if (buckets.size() >= SWEEP_AT) {
            sweep(now);
        }
        Bucket bucket = buckets.computeIfAbsent(client, c -> new Bucket(burst, now));
        synchronized (bucket) {
            bucket.refill(now, perSecond, burst);
            double price = Math.min(cost, burst);
            if (bucket.available >= price) {
                bucket.available -= price;
                return 0;
            }
            return (long) Math.ceil((price - bucket.available) / perSecond * 1e9);
        }
    }

    /**
     * The client's standing as the IETF RateLimit header fields say it: {@code [requests left
     * (whole), seconds until the bucket is full again]}.
     */
    public long[] standing(String client) {
        Bucket bucket = buckets.get(client);
        if (bucket == null) {
            return new long[] {(long) burst, 0};
        }
        synchronized (bucket) {
            bucket.refill(nanoClock.getAsLong(), perSecond, burst);
            return new long[] {(long) Math.floor(bucket.available), (long) Math.ceil((burst - bucket.available) / perSecond)};
        }
    }

    @Override
    public String policy() {
        return RateLimits.policy(perSecond, (int) burst);
    }

    /** Drops the buckets that would be full by now: forgetting them changes nothing. */
    private void sweep(long now) {
        for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
            Bucket b = it.next();
            synchronized (b) {
                if (b.available + (now - b.refilledAt) / 1e9 * perSecond >= burst) {
                    it.remove();
                }
            }
        }
    }

    int clients() {
        return buckets.size();
    }

    private static final class Bucket {
        double available;
        long refilledAt;

        Bucket(double available, long now) {
            this.available = available;
            this.refilledAt = now;
        }

        void refill(long now, double perSecond, double burst) {
            available = Math.min(burst, available + (now - refilledAt) / 1e9 * perSecond);
            refilledAt = now;
        }
    }
}
