package io.tokenatlas.catalog;

import io.tokenatlas.coordination.ReadDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;

/** Reads of where a token's metadata, image and vector came from. */
@ApplicationScoped
public class ProvenanceRepository {
    private static final String ONE = """
            SELECT t.token_uri, t.uri_block, t.uri_block_hash, t.metadata_sha256, t.metadata_verified, t.metadata_car,
                   t.image_uri, t.media_sha256, t.image_verified, t.image_car,
                   m.mime_type, m.width, m.height, m.byte_size, e.created_at
              FROM token t
              LEFT JOIN media m ON m.sha256 = t.media_sha256
              LEFT JOIN embedding e ON e.collection_id = t.collection_id AND e.token_id = t.token_id AND e.model_id = ?
             WHERE t.collection_id = ? AND t.token_id = ?
            """;

    private final ReadDatabase reads;

    public ProvenanceRepository(ReadDatabase reads) {
        this.reads = reads;
    }

    /** The token's provenance, its vector's made by {@code modelId}; empty for an unknown token. */
    public Optional<Provenance> find(long collectionId, BigInteger tokenId, int modelId) {
        try (Connection c = reads.connection(); PreparedStatement ps = c.prepareStatement(ONE)) {
            ps.setInt(1, modelId);
            ps.setLong(2, collectionId);
            ps.setBigDecimal(3, new BigDecimal(tokenId));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Provenance(rs.getString(1), (Long) rs.getObject(2), rs.getString(3),
                        rs.getString(4), (Boolean) rs.getObject(5), rs.getString(6), rs.getString(7), rs.getString(8),
                        (Boolean) rs.getObject(9), rs.getString(10), rs.getString(11), (Integer) rs.getObject(12),
                        (Integer) rs.getObject(13), (Long) rs.getObject(14), rs.getObject(15, OffsetDateTime.class)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the provenance of token " + tokenId + " failed: " + e.getMessage(), e);
        }
    }
}
