package io.tokenatlas.chain;

import java.util.function.LongSupplier;

/**
 * Spaces requests so that no more than {@code perSecond} start in any second on average (a token
 * bucket holding at most one second of permits). A rate of 0 means no limit.
 */
public final class RateLimiter {
    private final double perSecond;
    private final LongSupplier nanoClock;
    private double available;
    private long refilledAt;

    public RateLimiter(double perSecond) {
        this(perSecond, System::nanoTime);
    }

    RateLimiter(double perSecond, LongSupplier nanoClock) {
        this.perSecond = perSecond;
        this.nanoClock = nanoClock;
        this.available = perSecond;
        this.refilledAt = nanoClock.getAsLong();
    }

    /** Takes {@code permits} and returns how many nanoseconds the caller must wait before sending. */
    public synchronized long reserve(int permits) {
        if (perSecond <= 0) {
            return 0;
        }
        long now = nanoClock.getAsLong();
        available = Math.min(perSecond, available + (now - refilledAt) / 1e9 * perSecond);
        refilledAt = now;
        available -= permits;
        return available >= 0 ? 0 : (long) (-available / perSecond * 1e9);
    }

    /** Blocks until {@code permits} requests may be sent. */
    public void acquire(int permits) {
        long wait = reserve(permits);
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ChainException("interrupted while waiting for the rate limit", true, e);
            }
        }
    }
}
