package io.tokenatlas.token;

import io.agroal.api.AgroalDataSource;
import io.tokenatlas.config.WorkerConfig;
import jakarta.annotation.PreDestroy;
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
    /** Characters of a failure reason stored on a token (and logged). */
    static final int MAX_REASON = 2000;
    /**
     * Leases the rows a query named {@code picked} chose (collection_id, token_id) to a worker
     * (parameters: worker id, lease seconds) and returns them as {@link #read(ResultSet)} expects.
     */
    public static final String LEASE_PICKED = """
            UPDATE token t
               SET lease_owner = ?, lease_until = now() + make_interval(secs => ?),
                   lost_leases = t.lost_leases + CASE WHEN t.lease_owner IS NULL THEN 0 ELSE 1 END
              FROM picked p, collection c
             WHERE t.collection_id = p.collection_id AND t.token_id = p.token_id AND c.id = t.collection_id
            RETURNING t.collection_id, c.chain_id, c.address, t.token_id, t.token_uri, t.image_uri, t.media_sha256,
                      t.attempts, c.standard = 'erc1155', left(t.metadata->>'background_color', 16)
            """;
    private static final String CLAIM = """
            WITH picked AS (
                SELECT t.collection_id, t.token_id
                  FROM token t JOIN collection c ON c.id = t.collection_id
                 WHERE t.state = ? AND NOT t.burned AND t.next_attempt_at <= now()
                   AND (t.lease_until IS NULL OR t.lease_until < now())
                   AND (t.lease_owner IS NULL OR t.lost_leases + 1 < ?)
                   AND c.status <> 'PAUSED'
                 ORDER BY t.next_attempt_at, t.collection_id, t.token_id
                 LIMIT ?
                 FOR UPDATE OF t SKIP LOCKED)
            """ + LEASE_PICKED;
    /**
     * The SET list of a stage that finished a token (after its own columns): the failure record,
     * the retry and lease accounting and the lease are cleared.
     */
    public static final String FINISHED = """
            error = NULL, error_code = NULL, failed_stage = NULL, attempts = 0, lost_leases = 0, retrying_since = NULL,
            lease_owner = NULL, lease_until = NULL, updated_at = now()""";
    /** A retryable failure gives up once the attempts ran out and the failures have gone on for the retry budget. */
    private static final String FAIL = """
            UPDATE token
               SET attempts = attempts + 1,
                   error = ?,
                   error_code = ?,
                   failed_stage = ?,
                   retrying_since = CASE WHEN ? THEN retrying_since ELSE coalesce(retrying_since, now()) END,
                   state = CASE WHEN ? OR (attempts + 1 >= ?
                                           AND coalesce(retrying_since, now()) <= now() - make_interval(secs => ?))
                                THEN 'FAILED' ELSE state END,
                   next_attempt_at = now() + make_interval(secs => ?),
                   lease_owner = NULL, lease_until = NULL, updated_at = now()
             WHERE collection_id = ? AND token_id = ? AND lease_owner = ?
            """;
    /** Tokens whose workers died on them too often: their lease ran out again with nothing recorded. */
    private static final String FAIL_LOST = """
            UPDATE token
               SET state = 'FAILED', error_code = 'worker_lost', failed_stage = ?, attempts = attempts + 1,
                   error = 'the ' || ? || ' stage stopped ' || (lost_leases + 1)
                           || ' times on this token without recording a result (its worker crashed, was killed'
                           || ' or ran out of memory or time)',
                   lease_owner = NULL, lease_until = NULL, updated_at = now()
             WHERE state = ? AND NOT burned AND lease_owner IS NOT NULL AND lease_until < now() AND lost_leases + 1 >= ?
            """;
    /** A token this worker gives back untouched, to be claimed again after a moment (no attempt counted). */
    private static final String DEFER = """
            UPDATE token SET lease_owner = NULL, lease_until = NULL, next_attempt_at = now() + make_interval(secs => ?)
             WHERE collection_id = ? AND token_id = ? AND lease_owner = ?
            """;
    /** Refresh requests that are due, on tokens no worker holds: back to DISCOVERED, as a refresh does. */
    private static final String APPLY_REFRESHES = """
            UPDATE token
               SET state = CASE WHEN burned THEN state ELSE 'DISCOVERED' END, next_attempt_at = now(),
                   refreshed_at = now(), refresh_due = NULL,
            """ + FINISHED + """

             WHERE refresh_due <= now() AND (lease_owner IS NULL OR lease_until < now())
            """;
    private final AgroalDataSource dataSource;
    private final WorkerConfig config;
    private final String workerId;
    private final Leases leases;

    public TokenQueue(AgroalDataSource dataSource, WorkerConfig config) {
        this.dataSource = dataSource;
        this.config = config;
        this.workerId = config.id().orElseGet(() -> "worker-" + UUID.randomUUID());
        this.leases = new Leases(dataSource, config, workerId);
    }

    public int maxAttempts() {
        return config.maxAttempts();
    }

    /** This process's name in leases. */
    public String workerId() {
        return workerId;
    }

    /**
     * Claims up to {@code limit} tokens waiting in {@code state}. Their leases are renewed while
     * this worker holds them (up to {@code atlas.worker.max-work-time}), so slow work is never
     * handed to a second worker; first, tokens whose workers died on them too often end FAILED.
     */
    public List<ClaimedToken> claim(TokenState state, int limit) {
        failLost(state);
        if (state == TokenState.DISCOVERED) {
            applyRefreshes();
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(CLAIM)) {
            ps.setString(1, state.name());
            ps.setInt(2, config.maxLostLeases());
            ps.setInt(3, limit);
            ps.setString(4, workerId);
            ps.setDouble(5, seconds(config.lease()));
            List<ClaimedToken> claimed = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    claimed.add(read(rs));
                }
            }
            leases.hold(claimed);
            return claimed;
        } catch (SQLException e) {
            throw new IllegalStateException("claiming " + state + " tokens failed: " + e.getMessage(), e);
        }
    }

    /** Sends the tokens whose refresh is due and not blocked by work in flight back through the pipeline. */
    int applyRefreshes() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(APPLY_REFRESHES)) {
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("applying due refreshes failed: " + e.getMessage(), e);
        }
    }

    /** Marks FAILED the tokens in {@code state} whose lease ran out for the last time allowed; returns how many. */
    int failLost(TokenState state) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(FAIL_LOST)) {
            ps.setString(1, state.stage());
            ps.setString(2, state.stage());
            ps.setString(3, state.name());
            ps.setInt(4, config.maxLostLeases());
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("failing " + state + " tokens whose workers died failed: " + e.getMessage(), e);
        }
    }

    static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    /** A row of {@link #LEASE_PICKED}'s answer. */
    public static ClaimedToken read(ResultSet rs) throws SQLException {
        return new ClaimedToken(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getBigDecimal(4).toBigIntegerExact(),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8), rs.getBoolean(9), rs.getString(10));
    }

    /**
     * Records a failure on a token this worker holds: a retryable one is tried again later with
     * a growing delay, until the attempts ran out and the failures went on for the retry budget;
     * a permanent one marks the token FAILED at once.
     */
    public void fail(ClaimedToken token, String stage, StageFailure failure) {
        leases.forget(token);
        int attempt = token.attempts() + 1;
        Duration delay = retryDelay(config.retryDelay(), config.maxRetryDelay(), attempt);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(FAIL)) {
            ps.setString(1, printable(failure.getMessage()));
            ps.setString(2, failure.code());
            ps.setString(3, stage);
            ps.setBoolean(4, !failure.retryable());
            ps.setBoolean(5, !failure.retryable());
            ps.setInt(6, config.maxAttempts());
            ps.setDouble(7, seconds(config.retryBudget()));
            ps.setDouble(8, seconds(delay));
            ps.setLong(9, token.collectionId());
            ps.setBigDecimal(10, new BigDecimal(token.tokenId()));
            ps.setString(11, workerId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("recording the failure of " + token + " failed: " + e.getMessage(), e);
        }
    }

    /** Gives a held token back to the queue for {@code delay}, as if it had not been claimed (a busy host). */
    public void defer(ClaimedToken token, Duration delay) {
        leases.forget(token);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(DEFER)) {
            ps.setDouble(1, seconds(delay));
            ps.setLong(2, token.collectionId());
            ps.setBigDecimal(3, new BigDecimal(token.tokenId()));
            ps.setString(4, workerId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("giving back " + token + " failed: " + e.getMessage(), e);
        }
    }

    /** Renews the leases of the tokens this worker still works on (see {@link Leases#renew()}). */
    int renew() {
        return leases.renew();
    }

    /** Gives back the leases this worker still holds (at shutdown), so other workers take them at once. */
    public void releaseAll() {
        leases.releaseAll();
    }

    @PreDestroy
    void close() {
        leases.close();
    }

    /**
     * A reason as it can be stored and shown: control characters (a revert's raw bytes, a NUL that
     * PostgreSQL refuses in text) become {@code \xNN}, and one over {@value #MAX_REASON} characters
     * keeps its start and its end (where the reason is: a long URL comes before "answered HTTP 404").
     */
    public static String printable(String message) {
        if (message == null) {
            return "no reason given";
        }
        StringBuilder out = new StringBuilder(Math.min(message.length(), MAX_REASON + 16));
        for (int i = 0; i < message.length(); i++) {
            char ch = message.charAt(i);
            if (Character.isISOControl(ch)) {
                out.append(String.format("\\x%02x", (int) ch & 0xff));
            } else {
                out.append(ch);
            }
            if (out.length() > 4 * MAX_REASON) {
                // the middle goes anyway: stop copying it
                i = Math.max(i, message.length() - MAX_REASON - 1);
            }
        }
        String text = out.toString().strip();
        if (text.length() <= MAX_REASON) {
            return text;
        }
        int head = MAX_REASON / 2;
        int tail = MAX_REASON - head - 3;
        return text.substring(0, head) + " \u2026 " + text.substring(text.length() - tail);
    }

    /** The delay before retry {@code attempt} (1-based): the first delay, doubled each time, at most {@code max}. */
    static Duration retryDelay(Duration first, Duration max, int attempt) {
        Duration delay = first.multipliedBy(1L << Math.min(Math.max(attempt - 1, 0), 30));
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
