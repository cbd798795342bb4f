package io.tokenatlas.token;

import io.agroal.api.AgroalDataSource;
import io.tokenatlas.config.WorkerConfig;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The leases this worker holds: every third of the lease they are extended for the tokens it is
 * still working on (for at most {@code atlas.worker.max-work-time} after the claim), so slow work
 * is never handed to a second worker; a token finished, failed or deferred is forgotten; at
 * shutdown what is left is given back.
 */
final class Leases {
    private static final Logger LOG = Logger.getLogger(Leases.class);
    /**
     * Extends this worker's leases on tokens it is still working on (those it finished have no lease
     * owner). It never waits for a row lock: a token whose row a stage is writing right now (its
     * result, in a transaction that may hold many tokens) is skipped, as waiting on it while holding
     * other rows' locks is how two such writes deadlock. Answers each held token still leased to
     * this worker, and whether its lease was extended this time.
     */
    private static final String RENEW = """
            WITH h AS (SELECT * FROM unnest(?::bigint[], ?::numeric[]) AS h(collection_id, token_id)),
                 free AS (SELECT t.collection_id, t.token_id FROM token t JOIN h USING (collection_id, token_id)
                           WHERE t.lease_owner = ? FOR UPDATE OF t SKIP LOCKED),
                 renewed AS (UPDATE token t SET lease_until = now() + make_interval(secs => ?)
                               FROM free
                              WHERE t.collection_id = free.collection_id AND t.token_id = free.token_id
                             RETURNING t.collection_id, t.token_id)
            SELECT t.collection_id, t.token_id, r.token_id IS NOT NULL
              FROM token t JOIN h USING (collection_id, token_id)
              LEFT JOIN renewed r ON r.collection_id = t.collection_id AND r.token_id = t.token_id
             WHERE t.lease_owner = ?
            """;
    private static final String RELEASE = """
            UPDATE token t
               SET lease_owner = NULL, lease_until = NULL
              FROM unnest(?::bigint[], ?::numeric[]) AS h(collection_id, token_id)
             WHERE t.collection_id = h.collection_id AND t.token_id = h.token_id AND t.lease_owner = ?
            """;

    private final AgroalDataSource dataSource;
    private final WorkerConfig config;
    private final String workerId;
    /** Tokens this worker claimed and may still be working on, with when it claimed them. */
    private final Map<Held, Long> held = new ConcurrentHashMap<>();
    private final ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("lease-renewal").factory());
    private final AtomicBoolean renewing = new AtomicBoolean();

    private record Held(long collectionId, BigInteger tokenId) {}

    Leases(AgroalDataSource dataSource, WorkerConfig config, String workerId) {
        this.dataSource = dataSource;
        this.config = config;
        this.workerId = workerId;
    }

    /** Keeps renewing the leases of {@code tokens} (claimed by this worker elsewhere) while they are held. */
    void hold(List<ClaimedToken> tokens) {
        long now = System.nanoTime();
        tokens.forEach(t -> held.put(new Held(t.collectionId(), t.tokenId()), now));
        if (!tokens.isEmpty() && renewing.compareAndSet(false, true)) {
            long every = Math.max(config.lease().toMillis() / 3, 200);
            renewals.scheduleWithFixedDelay(this::renewQuietly, every, every, TimeUnit.MILLISECONDS);
        }
    }

    private void renewQuietly() {
        try {
            renew();
        } catch (RuntimeException e) {
            LOG.warnf("renewing leases failed (they run out in %s unless the next renewal works): %s",
                    config.lease(), e.getMessage());
        }
    }

    /**
     * Extends the leases of the tokens this worker still works on, for at most the longest work
     * time since their claim; forgets those finished, failed or past that time. Returns how many
     * leases were extended (a token being written at that moment is left for the next renewal).
     */
    int renew() {
        long oldest = System.nanoTime() - config.maxWorkTime().toNanos();
        List<Held> due = new ArrayList<>();
        held.forEach((h, claimedAt) -> {
            if (claimedAt - oldest > 0) {
                due.add(h);
            } else {
                held.remove(h, claimedAt);
            }
        });
        if (due.isEmpty()) {
            return 0;
        }
        Set<Held> stillHeld = new HashSet<>();
        int renewed = 0;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(RENEW)) {
            bindKeys(c, ps, 1, due);
            ps.setString(3, workerId);
            ps.setDouble(4, TokenQueue.seconds(config.lease()));
            ps.setString(5, workerId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stillHeld.add(new Held(rs.getLong(1), rs.getBigDecimal(2).toBigIntegerExact()));
                    renewed += rs.getBoolean(3) ? 1 : 0;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("renewing " + due.size() + " leases failed: " + e.getMessage(), e);
        }
        due.stream().filter(h -> !stillHeld.contains(h)).forEach(held::remove);
        return renewed;
    }

    /** Gives back the leases this worker still holds (at shutdown), so other workers take them at once. */
    void releaseAll() {
        List<Held> all = new ArrayList<>(held.keySet());
        held.clear();
        if (all.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(RELEASE)) {
            bindKeys(c, ps, 1, all);
            ps.setString(3, workerId);
            ps.executeUpdate();
        } catch (SQLException e) {
            LOG.warnf("giving back %d leases failed (they run out after %s): %s", all.size(), config.lease(), e.getMessage());
        }
    }

    private static void bindKeys(Connection c, PreparedStatement ps, int first, List<Held> keys) throws SQLException {
        ps.setArray(first, c.createArrayOf("bigint", keys.stream().map(Held::collectionId).toArray()));
        ps.setArray(first + 1, c.createArrayOf("numeric", keys.stream().map(h -> new BigDecimal(h.tokenId())).toArray()));
    }

    /** Stops renewing {@code token}'s lease: its result (or its failure) has been recorded. */
    void forget(ClaimedToken token) {
        held.remove(new Held(token.collectionId(), token.tokenId()));
    }

    void close() {
        renewals.shutdownNow();
    }
}
