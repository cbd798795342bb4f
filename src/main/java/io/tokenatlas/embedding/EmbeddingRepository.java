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
import java.util.List;

/** Writes a token's vector and moves it to EMBEDDED in one transaction. */
@ApplicationScoped
public class EmbeddingRepository {
    private static final String MARK = """
            UPDATE token
               SET state = 'EMBEDDED', embed_count = embed_count + 1, embedded_by = lease_owner,
            """ + TokenQueue.FINISHED + """

             WHERE collection_id = ? AND token_id = ? AND lease_owner = ? AND state = 'IMAGE_FETCHED'
            """;
    private static final String INSERT = """
            INSERT INTO embedding (collection_id, token_id, model_id, vector) VALUES (?, ?, ?, ?)
            ON CONFLICT (collection_id, token_id, model_id) DO UPDATE SET vector = excluded.vector, created_at = now()
            """;

    private static final String CLEAR_TAGS = "DELETE FROM token_tag WHERE collection_id = ? AND token_id = ? AND model_id = ?";
    private static final String INSERT_TAG = """
            INSERT INTO token_tag (collection_id, token_id, model_id, rank, label, score) VALUES (?, ?, ?, ?, ?, ?)
            """;

    // A collection's first vectors decide the model that serves it (until a re-embedding switches it).
    private static final String HAS_SERVING = "SELECT serving_model_id IS NOT NULL FROM collection WHERE id = ?";
    private static final String MARK_SERVING = """
            UPDATE collection SET serving_model_id = ? WHERE id = ? AND serving_model_id IS NULL
            """;

    private final AgroalDataSource dataSource;

    public EmbeddingRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Stores the vector and the tags if this worker still holds the token's lease; returns whether it did. */
    @Transactional
    public boolean store(ClaimedToken token, String leaseOwner, int modelId, float[] vector, List<ModelLabels.Tag> tags) {
        BigDecimal id = new BigDecimal(token.tokenId());
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(MARK)) {
                ps.setLong(1, token.collectionId());
                ps.setBigDecimal(2, id);
                ps.setString(3, leaseOwner);
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                ps.setLong(1, token.collectionId());
                ps.setBigDecimal(2, id);
                ps.setInt(3, modelId);
                ps.setObject(4, new PGvector(vector));
                ps.executeUpdate();
            }
            replaceTags(c, token, modelId, tags);
            markServing(c, token.collectionId(), modelId);
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("storing the vector of " + token + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Stores a batch's vectors and tags in one transaction (one commit a batch, not a token), each
     * only if this worker still holds the token's lease; returns how many were stored.
     */
    @Transactional
    public int storeAll(List<ClaimedToken> tokens, String leaseOwner, int modelId, List<float[]> vectors,
            List<List<ModelLabels.Tag>> tags) {
        int stored = 0;
        java.util.Set<Long> collections = new java.util.HashSet<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement mark = c.prepareStatement(MARK);
             PreparedStatement insert = c.prepareStatement(INSERT)) {
            for (int i = 0; i < tokens.size(); i++) {
                ClaimedToken token = tokens.get(i);
                BigDecimal id = new BigDecimal(token.tokenId());
                mark.setLong(1, token.collectionId());
                mark.setBigDecimal(2, id);
                mark.setString(3, leaseOwner);
                if (mark.executeUpdate() == 0) {
                    continue;
                }
                insert.setLong(1, token.collectionId());
                insert.setBigDecimal(2, id);
                insert.setInt(3, modelId);
                insert.setObject(4, new PGvector(vectors.get(i)));
                insert.addBatch();
                replaceTags(c, token, modelId, tags.get(i));
                collections.add(token.collectionId());
                stored++;
            }
            insert.executeBatch();
            for (long collection : collections) {
                markServing(c, collection, modelId);
            }
            return stored;
        } catch (SQLException e) {
            throw new IllegalStateException("storing a batch of " + tokens.size() + " vectors failed: " + e.getMessage(), e);
        }
    }

    /** Replaces the token's tags of one model. */
    void replaceTags(Connection c, ClaimedToken token, int modelId, List<ModelLabels.Tag> tags) throws SQLException {
        BigDecimal id = new BigDecimal(token.tokenId());
        try (PreparedStatement ps = c.prepareStatement(CLEAR_TAGS)) {
            ps.setLong(1, token.collectionId());
            ps.setBigDecimal(2, id);
            ps.setInt(3, modelId);
            ps.executeUpdate();
        }
        if (tags.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT_TAG)) {
            for (int rank = 0; rank < tags.size(); rank++) {
                ps.setLong(1, token.collectionId());
                ps.setBigDecimal(2, id);
                ps.setInt(3, modelId);
                ps.setInt(4, rank + 1);
                ps.setString(5, tags.get(rank).label());
                ps.setFloat(6, tags.get(rank).score());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void markServing(Connection c, long collectionId, int modelId) throws SQLException {
        // Read first: the update would wait on the follower's lock of the row for nothing.
        try (PreparedStatement ps = c.prepareStatement(HAS_SERVING)) {
            ps.setLong(1, collectionId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getBoolean(1)) {
                    return;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(MARK_SERVING)) {
            ps.setInt(1, modelId);
            ps.setLong(2, collectionId);
            ps.executeUpdate();
        }
    }
}
