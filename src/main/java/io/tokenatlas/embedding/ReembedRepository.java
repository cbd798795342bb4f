package io.tokenatlas.embedding;

import com.pgvector.PGvector;
import io.agroal.api.AgroalDataSource;
import io.tokenatlas.token.ClaimedToken;
import io.tokenatlas.token.TokenQueue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The switch to a newly configured model: embedded tokens of collections still served by an older
 * model are claimed (with a lease, like the work queue) until each has a vector of the new one;
 * then the collection's queries switch to it and the old vectors and tags are removed. Only a
 * model registered later than the serving one takes over, so that replicas still running the old
 * configuration during a rolling change do not switch back.
 */
@ApplicationScoped
public class ReembedRepository {
    private static final String CLAIM = """
            WITH picked AS (
                SELECT t.collection_id, t.token_id
                  FROM token t JOIN collection c ON c.id = t.collection_id
                 WHERE t.state = 'EMBEDDED' AND NOT t.burned AND c.status <> 'PAUSED'
                   AND (c.serving_model_id IS NULL OR c.serving_model_id < ?)
                   AND t.next_attempt_at <= now() AND (t.lease_until IS NULL OR t.lease_until < now())
                   AND NOT EXISTS (SELECT 1 FROM embedding e WHERE e.collection_id = t.collection_id
                                      AND e.token_id = t.token_id AND e.model_id = ?)
                 ORDER BY t.collection_id, t.token_id
                 LIMIT ?
                 FOR UPDATE OF t SKIP LOCKED)
            """ + TokenQueue.LEASE_PICKED;
    private static final String INSERT = """
            INSERT INTO embedding (collection_id, token_id, model_id, vector) VALUES (?, ?, ?, ?)
            ON CONFLICT (collection_id, token_id, model_id) DO UPDATE SET vector = excluded.vector, created_at = now()
            """;
    private static final String RELEASE = """
            UPDATE token SET lease_owner = NULL, lease_until = NULL,
                             next_attempt_at = CASE WHEN ? THEN now() ELSE now() + make_interval(secs => ?) END
             WHERE collection_id = ? AND token_id = ? AND lease_owner = ?
            """;
    private static final String SWITCH = """
            UPDATE collection c SET serving_model_id = ?, updated_at = now()
             WHERE (c.serving_model_id IS NULL OR c.serving_model_id < ?)
               AND NOT EXISTS (SELECT 1 FROM token t
                                WHERE t.collection_id = c.id AND t.state = 'EMBEDDED' AND NOT t.burned
                                  AND NOT EXISTS (SELECT 1 FROM embedding e WHERE e.collection_id = t.collection_id
                                                     AND e.token_id = t.token_id AND e.model_id = ?))
            RETURNING c.id
            """;
    private static final String DROP_VECTORS = "DELETE FROM embedding WHERE collection_id = ? AND model_id <> ?";
    private static final String DROP_TAGS = "DELETE FROM token_tag WHERE collection_id = ? AND model_id <> ?";
    private static final String PROGRESS = """
            SELECT count(*) FILTER (WHERE EXISTS (SELECT 1 FROM embedding e WHERE e.collection_id = t.collection_id
                                                     AND e.token_id = t.token_id AND e.model_id = ?)),
                   count(*)
              FROM token t WHERE t.collection_id = ? AND t.state = 'EMBEDDED' AND NOT t.burned
            """;

    private final AgroalDataSource dataSource;
    private final EmbeddingRepository tags;

    public ReembedRepository(AgroalDataSource dataSource, EmbeddingRepository tags) {
        this.dataSource = dataSource;
        this.tags = tags;
    }

    /** Embedded tokens that lack a vector of {@code modelId}, in collections it does not serve yet. */
    public List<ClaimedToken> claim(int modelId, int limit, String workerId, Duration lease) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(CLAIM)) {
            ps.setInt(1, modelId);
            ps.setInt(2, modelId);
            ps.setInt(3, limit);
            ps.setString(4, workerId);
            ps.setDouble(5, lease.toMillis() / 1000.0);
            List<ClaimedToken> claimed = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    claimed.add(TokenQueue.read(rs));
                }
            }
            return claimed;
        } catch (SQLException e) {
            throw new IllegalStateException("claiming tokens to embed again failed: " + e.getMessage(), e);
        }
    }

    /** Stores the new model's vector and tags beside the old ones and gives the token back. */
    @Transactional
    public void store(ClaimedToken token, String workerId, int modelId, float[] vector, List<ModelLabels.Tag> labels) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                ps.setLong(1, token.collectionId());
                ps.setBigDecimal(2, new BigDecimal(token.tokenId()));
                ps.setInt(3, modelId);
                ps.setObject(4, new PGvector(vector));
                ps.executeUpdate();
            }
            tags.replaceTags(c, token, modelId, labels);
            release(c, token, workerId, true, Duration.ZERO);
        } catch (SQLException e) {
            throw new IllegalStateException("storing the new vector of " + token + " failed: " + e.getMessage(), e);
        }
    }

    /** Gives a token back that could not be embedded again; it is tried after {@code delay}. */
    public void giveBack(ClaimedToken token, String workerId, Duration delay) {
        try (Connection c = dataSource.getConnection()) {
            release(c, token, workerId, false, delay);
        } catch (SQLException e) {
            throw new IllegalStateException("giving back " + token + " failed: " + e.getMessage(), e);
        }
    }

    private static void release(Connection c, ClaimedToken token, String workerId, boolean now, Duration delay)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(RELEASE)) {
            ps.setBoolean(1, now);
            ps.setDouble(2, delay.toMillis() / 1000.0);
            ps.setLong(3, token.collectionId());
            ps.setBigDecimal(4, new BigDecimal(token.tokenId()));
            ps.setString(5, workerId);
            ps.executeUpdate();
        }
    }

    /** Switches every collection the model now covers to it and removes the other models' vectors there. */
    @Transactional
    public List<Long> switchCovered(int modelId) {
        try (Connection c = dataSource.getConnection()) {
            List<Long> switched = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(SWITCH)) {
                ps.setInt(1, modelId);
                ps.setInt(2, modelId);
                ps.setInt(3, modelId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        switched.add(rs.getLong(1));
                    }
                }
            }
            for (long collection : switched) {
                for (String sql : List.of(DROP_VECTORS, DROP_TAGS)) {
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        ps.setLong(1, collection);
                        ps.setInt(2, modelId);
                        ps.executeUpdate();
                    }
                }
            }
            return switched;
        } catch (SQLException e) {
            throw new IllegalStateException("switching collections to model " + modelId + " failed: " + e.getMessage(), e);
        }
    }

    /** How many of a collection's embedded tokens have a vector of the model: {covered, total}. */
    public long[] progress(long collectionId, int modelId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(PROGRESS)) {
            ps.setInt(1, modelId);
            ps.setLong(2, collectionId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the model coverage of collection " + collectionId + " failed", e);
        }
    }
}
