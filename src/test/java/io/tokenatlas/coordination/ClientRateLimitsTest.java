package io.tokenatlas.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClientRateLimitsTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void aBurstGoesThroughThenTheAverageApplies() {
        ClientRateLimits limits = new ClientRateLimits(10, 5, now::get);
        for (int i = 0; i < 5; i++) {
            assertEquals(0, limits.takeNanos("a", 1), "request " + i + " of the burst");
        }
        long wait = limits.takeNanos("a", 1);
        assertEquals(100_000_000L, wait, "one request refills in 1/10 s");
        now.addAndGet(wait);
        assertEquals(0, limits.takeNanos("a", 1));
        assertTrue(limits.takeNanos("a", 1) > 0);
    }

    @Test
    void aRefusedRequestCostsNothing() {
        ClientRateLimits limits = new ClientRateLimits(1, 2, now::get);
        limits.takeNanos("a", 2);
        for (int i = 0; i < 50; i++) {
            assertTrue(limits.takeNanos("a", 1) > 0);
        }
        now.addAndGet(1_000_000_000L);
        assertEquals(0, limits.takeNanos("a", 1), "after one second one request is paid for, whatever was refused");
    }

    @Test
    void clientsHaveTheirOwnBuckets() {
        ClientRateLimits limits = new ClientRateLimits(1, 1, now::get);
        assertEquals(0, limits.takeNanos("a", 1));
        assertTrue(limits.takeNanos("a", 1) > 0);
        assertEquals(0, limits.takeNanos("b", 1));
    }

    @Test
    void anExpensiveRequestWaitsForItsWholePrice() {
        ClientRateLimits limits = new ClientRateLimits(2, 10, now::get);
        assertEquals(0, limits.takeNanos("a", 10));
        assertEquals(5_000_000_000L, limits.takeNanos("a", 10), "10 requests at 2 a second");
        assertEquals(500_000_000L, limits.takeNanos("a", 1));
    }

    @Test
    void aCostAboveTheBurstIsCappedAtTheBurst() {
        ClientRateLimits limits = new ClientRateLimits(1, 3, now::get);
        assertEquals(0, limits.takeNanos("a", 10), "a full bucket pays for any single request");
    }

    @Test
    void zeroMeansNoLimit() {
        ClientRateLimits limits = new ClientRateLimits(0, 0, now::get);
        for (int i = 0; i < 1000; i++) {
            assertEquals(0, limits.takeNanos("a", 100));
        }
        assertEquals(0, limits.clients());
    }

    @Test
    void idleFullBucketsAreForgotten() {
        ClientRateLimits limits = new ClientRateLimits(100, 1, now::get);
        for (int i = 0; i < ClientRateLimits.SWEEP_AT; i++) {
            limits.takeNanos("client-" + i, 1);
        }
        assertEquals(ClientRateLimits.SWEEP_AT, limits.clients());
        now.addAndGet(1_000_000_000L);
        limits.takeNanos("late", 1);
        assertEquals(1, limits.clients(), "every earlier bucket had refilled");
    }

    @Test
    void theStandingIsWhatIsLeftAndWhenTheBucketIsFullAgain() {
        long[] now = {0};
        ClientRateLimits limits = new ClientRateLimits(2, 10, () -> now[0]);
        assertEquals("\"default\";q=10;w=5", limits.policy());
        assertEquals(10, limits.standing("a")[0], "a client not seen yet has the whole burst");
        limits.takeNanos("a", 4);
        assertEquals(6, limits.standing("a")[0]);
        assertEquals(2, limits.standing("a")[1], "4 requests at 2 a second");
        now[0] = 1_000_000_000L;
        assertEquals(8, limits.standing("a")[0]);
        assertEquals(1, limits.standing("a")[1]);
    }
}
