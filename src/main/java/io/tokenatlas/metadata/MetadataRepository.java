package io.tokenatlas.metadata;

import io.agroal.api.AgroalDataSource;
import io.tokenatlas.token.ClaimedToken;
import io.tokenatlas.token.TokenQueue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Stores a token's resolved metadata and traits and moves it to METADATA_RESOLVED. */
@ApplicationScoped
public class MetadataRepository {
    private static final String RESOLVE = """
            UPDATE token
               SET token_uri = ?, metadata = ?::jsonb, name = ?, image_uri = ?, state = 'METADATA_RESOLVED',
            """ + TokenQueue.FINISHED + """

             WHERE collection_id = ? AND token_id = ? AND lease_owner = ? AND state = 'DISCOVERED'
            """;
    private static final String DELETE_TRAITS = "DELETE FROM token_trait WHERE collection_id = ? AND token_id = ?";
    private static final String INSERT_TRAIT = """
            INSERT INTO token_trait (collection_id, token_id, ordinal, trait_type, value, display_type)
            VALUES (?, ?, ?, ?, ?, ?)
            """;

    private final AgroalDataSource dataSource;

    public MetadataRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Returns false when the lease was lost meanwhile (another worker owns the token now). */
    @Transactional
    public boolean resolve(ClaimedToken token, String leaseOwner, String tokenUri, TokenMetadata metadata) {
        BigDecimal id = new BigDecimal(token.tokenId());
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(RESOLVE)) {
                ps.setString(1, tokenUri);
                ps.setString(2, metadata.json());
                ps.setString(3, metadata.name());
                ps.setString(4, metadata.image());
                ps.setLong(5, token.collectionId());
                ps.setBigDecimal(6, id);
                ps.setString(7, leaseOwner);
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            try (PreparedStatement delete = c.prepareStatement(DELETE_TRAITS);
                 PreparedStatement insert = c.prepareStatement(INSERT_TRAIT)) {
                delete.setLong(1, token.collectionId());
                delete.setBigDecimal(2, id);
                delete.executeUpdate();
                int ordinal = 0;
                for (Trait trait : metadata.traits()) {
                    insert.setLong(1, token.collectionId());
                    insert.setBigDecimal(2, id);
                    insert.setInt(3, ordinal++);
                    insert.setString(4, trait.traitType());
                    insert.setString(5, trait.value());
                    insert.setString(6, trait.displayType());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("storing the metadata of " + token + " failed: " + e.getMessage(), e);
        }
    }
}
