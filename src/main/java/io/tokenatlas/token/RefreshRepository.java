package io.tokenatlas.token;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Sends tokens back through the pipeline (ERC-4906 updates, or a user's refresh). Their stored
 * metadata, image and vector stay served until the new ones replace them.
 */
@ApplicationScoped
public class RefreshRepository {
    private static final String RESET = """
            UPDATE token
               SET state = 'DISCOVERED', next_attempt_at = now(), refreshed_at = now(), refresh_due = NULL,
            """ + TokenQueue.FINISHED + "\n";
    private static final String REFRESH_RANGE = RESET + " WHERE collection_id = ? AND token_id BETWEEN ? AND ? AND NOT burned";
    private static final String RETRY_FAILED = RESET + " WHERE collection_id = ? AND state = 'FAILED' AND NOT burned";
    private static final String REFRESH_IDS = RESET + " WHERE collection_id = ? AND token_id = ANY (?) AND NOT burned";
    /** A refresh a contract asked for: due at once, or an interval after the token's last refresh. */
    private static final String REQUEST = """
            UPDATE token
               SET refresh_due = greatest(now(), coalesce(refreshed_at + make_interval(secs => ?), now()))
             WHERE collection_id = ? AND NOT burned AND refresh_due IS NULL AND
            """;
    private static final String REQUEST_RANGE = REQUEST + " token_id BETWEEN ? AND ?";
    private static final String REQUEST_IDS = REQUEST + " token_id = ANY (?)";

    private final AgroalDataSource dataSource;

    public RefreshRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Refreshes the tokens with ids in [from, to]; returns how many. */
    @Transactional
    public int refresh(long collectionId, BigInteger from, BigInteger to) {
        try (Connection c = dataSource.getConnection()) {
            return refresh(c, collectionId, from, to);
        } catch (SQLException e) {
            throw new IllegalStateException("refreshing tokens " + from + ".." + to + " of collection " + collectionId
                    + " failed: " + e.getMessage(), e);
        }
    }

    /** Sends a collection's failed tokens through the pipeline again; returns how many. */
    @Transactional
    public int retryFailed(long collectionId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(RETRY_FAILED)) {
            ps.setLong(1, collectionId);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("retrying the failed tokens of collection " + collectionId + " failed", e);
        }
    }

    public static int refresh(Connection c, long collectionId, BigInteger from, BigInteger to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(REFRESH_RANGE)) {
            ps.setLong(1, collectionId);
            ps.setBigDecimal(2, new BigDecimal(from));
            ps.setBigDecimal(3, new BigDecimal(to));
            return ps.executeUpdate();
        }
    }

    /**
     * Asks for the tokens with ids in [from, to] to be refreshed (an ERC-4906 event): applied by the
     * queue when due and when no work on them is in flight; repeated requests before then change
     * nothing. Returns how many tokens gained a request.
     */
    public static int requestRefresh(Connection c, long collectionId, BigInteger from, BigInteger to, Duration interval)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(REQUEST_RANGE)) {
            ps.setDouble(1, interval.toMillis() / 1000.0);
            ps.setLong(2, collectionId);
            ps.setBigDecimal(3, new BigDecimal(from));
            ps.setBigDecimal(4, new BigDecimal(to));
            return ps.executeUpdate();
        }
    }

    /** As {@link #requestRefresh(Connection, long, BigInteger, BigInteger, Duration)}, for single tokens. */
    public static int requestRefresh(Connection c, long collectionId, java.sql.Array tokenIds, Duration interval)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(REQUEST_IDS)) {
            ps.setDouble(1, interval.toMillis() / 1000.0);
            ps.setLong(2, collectionId);
            ps.setArray(3, tokenIds);
            return ps.executeUpdate();
        }
    }

    public static int refresh(Connection c, long collectionId, java.sql.Array tokenIds) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(REFRESH_IDS)) {
            ps.setLong(1, collectionId);
            ps.setArray(2, tokenIds);
            return ps.executeUpdate();
        }
    }
}
