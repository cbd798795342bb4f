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
    /** Extends this worker's leases on tokens it is still working on (those it finished have no lease owner). */
    private static final String RENEW = """
            UPDATE token t
               SET lease_until = now() + make_interval(secs => ?)
              FROM unnest(?::bigint[], ?::numeric[]) AS h(collection_id, token_id)
             WHERE t.collection_id = h.collection_id AND t.token_id = h.token_id AND t.lease_owner = ?
            RETURNING t.collection_id, t.token_id
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
     * leases were extended.
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
        Set<Held> renewed = new HashSet<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(RENEW)) {
            ps.setDouble(1, TokenQueue.seconds(config.lease()));
            bindKeys(c, ps, 2, due);
            ps.setString(4, workerId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    renewed.add(new Held(rs.getLong(1), rs.getBigDecimal(2).toBigIntegerExact()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("renewing " + due.size() + " leases failed: " + e.getMessage(), e);
        }
        due.stream().filter(h -> !renewed.contains(h)).forEach(held::remove);
        return renewed.size();
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
