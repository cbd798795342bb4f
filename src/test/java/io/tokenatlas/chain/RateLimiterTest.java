package io.tokenatlas.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RateLimiterTest {
    long now;

    @Test
    void aFullBucketLetsOneSecondOfRequestsThroughThenSpacesThem() {
        RateLimiter limiter = new RateLimiter(10, () -> now);
        for (int i = 0; i < 10; i++) {
            assertEquals(0, limiter.reserve(1));
        }
        assertEquals(100_000_000, limiter.reserve(1), "the 11th waits a tenth of a second");
        now += 1_000_000_000L;
        assertEquals(0, limiter.reserve(5), "a second later the bucket has refilled (up to its size)");
    }

    @Test
    void aBatchCountsEachRequest() {
        RateLimiter limiter = new RateLimiter(10, () -> now);
        assertEquals(1_000_000_000, limiter.reserve(20), "20 requests at 10/s: the batch waits a second");
    }

    @Test
    void zeroMeansNoLimit() {
        RateLimiter limiter = new RateLimiter(0, () -> now);
        assertEquals(0, limiter.reserve(1_000_000));
    }
}
