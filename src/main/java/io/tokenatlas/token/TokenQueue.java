package io.tokenatlas.token;

import io.agroal.api.AgroalDataSource;
import io.tokenatlas.config.AtlasConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The work queue is the token table: a stage claims tokens in its input state with a lease
 * (FOR UPDATE SKIP LOCKED, so workers never take the same row), and a lease that expires makes
 * the token claimable again, so a dead worker's tokens are picked up by others.
 */
@ApplicationScoped
public class TokenQueue {
    /**
     * Leases the rows a query named {@code picked} chose (collection_id, token_id) to a worker
     * (parameters: worker id, lease seconds) and returns them as {@link #read(ResultSet)} expects.
     */
    public static final String LEASE_PICKED = """
            UPDATE token t
               SET lease_owner = ?, lease_until = now() + make_interval(secs => ?)
              FROM picked p, collection c
             WHERE t.collection_id = p.collection_id AND t.token_id = p.token_id AND c.id = t.collection_id
            RETURNING t.collection_id, c.chain_id, c.address, t.token_id, t.token_uri, t.image_uri, t.media_sha256,
                      t.attempts
            """;
    private static final String CLAIM = """
            WITH picked AS (
                SELECT t.collection_id, t.token_id
                  FROM token t JOIN collection c ON c.id = t.collection_id
                 WHERE t.state = ? AND NOT t.burned AND t.next_attempt_at <= now()
                   AND (t.lease_until IS NULL OR t.lease_until < now())
                   AND c.status <> 'PAUSED'
                 ORDER BY t.next_attempt_at, t.collection_id, t.token_id
                 LIMIT ?
                 FOR UPDATE OF t SKIP LOCKED)
            """ + LEASE_PICKED;
    private static final String FAIL = """
            UPDATE token
               SET attempts = attempts + 1,
                   error = ?,
                   error_code = ?,
                   failed_stage = ?,
                   state = CASE WHEN ? OR attempts + 1 >= ? THEN 'FAILED' ELSE state END,
                   next_attempt_at = now() + make_interval(secs => ?),
                   lease_owner = NULL, lease_until = NULL, updated_at = now()
             WHERE collection_id = ? AND token_id = ? AND lease_owner = ?
            """;

    private final AgroalDataSource dataSource;
    private final AtlasConfig.Worker config;
    private final String workerId;

    public TokenQueue(AgroalDataSource dataSource, AtlasConfig config) {
        this.dataSource = dataSource;
        this.config = config.worker();
        this.workerId = config.worker().id().orElseGet(() -> "worker-" + UUID.randomUUID());
    }

    public int maxAttempts() {
        return config.maxAttempts();
    }

    /** This process's name in leases. */
    public String workerId() {
        return workerId;
    }

    /** Claims up to {@code limit} tokens waiting in {@code state}. */
    public List<ClaimedToken> claim(TokenState state, int limit) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(CLAIM)) {
            ps.setString(1, state.name());
            ps.setInt(2, limit);
            ps.setString(3, workerId);
            ps.setDouble(4, config.lease().toMillis() / 1000.0);
            List<ClaimedToken> claimed = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    claimed.add(read(rs));
                }
            }
            return claimed;
        } catch (SQLException e) {
            throw new IllegalStateException("claiming " + state + " tokens failed: " + e.getMessage(), e);
        }
    }

    /** A row of {@link #LEASE_PICKED}'s answer. */
    public static ClaimedToken read(ResultSet rs) throws SQLException {
        return new ClaimedToken(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getBigDecimal(4).toBigIntegerExact(),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8));
    }

    /**
     * Records a failure on a token this worker holds: a retryable one is tried again later with
     * a growing delay, until the attempts run out; a permanent one marks the token FAILED at once.
     */
    public void fail(ClaimedToken token, String stage, StageFailure failure) {
        int attempt = token.attempts() + 1;
        Duration delay = retryDelay(config.retryDelay(), config.maxRetryDelay(), attempt);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(FAIL)) {
            ps.setString(1, printable(failure.getMessage()));
            ps.setString(2, failure.code());
            ps.setString(3, stage);
            ps.setBoolean(4, !failure.retryable());
            ps.setInt(5, config.maxAttempts());
            ps.setDouble(6, delay.toMillis() / 1000.0);
            ps.setLong(7, token.collectionId());
            ps.setBigDecimal(8, new BigDecimal(token.tokenId()));
            ps.setString(9, workerId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("recording the failure of " + token + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * A reason as it can be stored and shown: control characters (a revert's raw bytes, a NUL that
     * PostgreSQL refuses in text) become {@code \xNN}, and it is cut at 2000 characters.
     */
    static String printable(String message) {
        if (message == null) {
            return "no reason given";
        }
        StringBuilder out = new StringBuilder(Math.min(message.length(), 2000));
        for (int i = 0; i < message.length() && out.length() < 2000; i++) {
            char ch = message.charAt(i);
            if (Character.isISOControl(ch)) {
                out.append(String.format("\\x%02x", (int) ch & 0xff));
            } else {
                out.append(ch);
            }
        }
        return out.toString().strip();
    }

    /** The delay before retry {@code attempt} (1-based): the first delay, doubled each time, at most {@code max}. */
    static Duration retryDelay(Duration first, Duration max, int attempt) {
        Duration delay = first.multipliedBy(1L << Math.min(Math.max(attempt - 1, 0), 30));
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
