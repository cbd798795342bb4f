package io.tokenatlas.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The rate limit shared through the real PostgreSQL: two replicas (two instances over one
 * database) pay from one bucket per client, a replica started later finds it spent, and buckets
 * full again are deleted.
 */
@QuarkusTest
class SharedRateLimitsTest {
    @Inject
    AgroalDataSource dataSource;

    @Test
    void twoReplicasPayFromOneBucketAndALaterReplicaFindsItSpent() {
        // 20 at once, refilled so slowly that nothing comes back during the test; a small burst syncs every request.
        SharedRateLimits a = new SharedRateLimits(dataSource, 0.001, 20);
        SharedRateLimits b = new SharedRateLimits(dataSource, 0.001, 20);
        String client = "test:" + UUID.randomUUID();
        int allowed = allowed(client, 30, a, b);
        // Counted apart the two would allow 40; shared, 20 and the one request each replica may run ahead.
        assertTrue(allowed >= 20 && allowed <= 22, allowed + " allowed: one bucket of 20 for the client across both replicas");
        RateLimits.Taken late = new SharedRateLimits(dataSource, 0.001, 20).take(client, 1);
        assertTrue(late.waitNanos() > 0, "a replica started later finds the bucket spent");
        assertEquals(0, late.remaining());
        assertEquals(0, a.take("test:" + UUID.randomUUID(), 1).waitNanos(), "another client has its own bucket");
        assertEquals("\"default\";q=20;w=20000", a.policy());
    }

    @Test
    void withALargeBurstEachReplicaRunsAheadOfTheSharedBucketByLittle() {
        SharedRateLimits a = new SharedRateLimits(dataSource, 0.001, 200);
        SharedRateLimits b = new SharedRateLimits(dataSource, 0.001, 200);
        String client = "test:" + UUID.randomUUID();
        int allowed = allowed(client, 300, a, b);
        // Each replica writes what it took every 10 requests (a twentieth of the burst), so runs ahead by at most that.
        assertTrue(allowed >= 200 && allowed <= 222, allowed + " of 300 allowed against a bucket of 200");
    }

    @Test
    void aChangedLimitAppliesAtOnceToClientsWithABucket() {
        String client = "test:" + UUID.randomUUID();
        SharedRateLimits before = new SharedRateLimits(dataSource, 0.001, 50);
        assertEquals(10, allowed(client, 10, before));
        // The operator lowers the burst to 5: the client's standing follows the new policy, not the stored bucket's.
        SharedRateLimits after = new SharedRateLimits(dataSource, 0.001, 5);
        assertEquals(5, allowed(client, 10, after));
    }

    /** How many of {@code requests} the replicas let through, taking turns. */
    private static int allowed(String client, int requests, SharedRateLimits... replicas) {
        int allowed = 0;
        for (int i = 0; i < requests; i++) {
            if (replicas[i % replicas.length].take(client, 1).waitNanos() == 0) {
                allowed++;
            }
        }
        return allowed;
    }

    @Test
    void bucketsFullAgainAreDeleted() throws Exception {
        String full = "test:" + UUID.randomUUID();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO api_rate_bucket (id, state, expires_at) VALUES (?, null, 1)")) {
            ps.setString(1, full);
            ps.executeUpdate();
        }
        assertTrue(new SharedRateLimits(dataSource, 1, 10).forgetFull(10_000) >= 1);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM api_rate_bucket WHERE id = ?")) {
            ps.setString(1, full);
            var rs = ps.executeQuery();
            rs.next();
            assertEquals(0, rs.getInt(1));
        }
    }
}
