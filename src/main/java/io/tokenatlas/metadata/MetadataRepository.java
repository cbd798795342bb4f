package io.tokenatlas.metadata;

import io.agroal.api.AgroalDataSource;
import io.tokenatlas.fetch.IpfsCarRepository;
import io.tokenatlas.token.ClaimedToken;
import io.tokenatlas.token.TokenQueue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** Stores a token's resolved metadata and traits and moves it to METADATA_RESOLVED. */
@ApplicationScoped
public class MetadataRepository {
    private static final String RESOLVE = """
            UPDATE token
               SET token_uri = ?, metadata = ?::jsonb, name = ?, image_uri = ?, state = 'METADATA_RESOLVED',
                   uri_block = ?, uri_block_hash = ?, metadata_sha256 = ?, metadata_verified = ?, metadata_car = ?,
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

    /** A token's metadata, where it came from and its verified IPFS blocks (if any), ready to store. */
    public record Resolution(ClaimedToken token, String leaseOwner, String tokenUri, TokenMetadata metadata,
            MetadataSource source) {}

    /**
     * Stores many tokens' metadata in one transaction; answers, in order, whether each was stored
     * (false when its lease was lost meanwhile: another worker owns the token now).
     */
    @Transactional
    public boolean[] resolveAll(List<Resolution> resolutions) {
        // Rows are written in key order, so two writers never wait for each other's rows in opposite orders.
        int[] order = ClaimedToken.keyOrder(resolutions.stream().map(Resolution::token).toList());
        boolean[] stored = new boolean[resolutions.size()];
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(RESOLVE)) {
                for (int i : order) {
                    Resolution r = resolutions.get(i);
                    MetadataSource source = r.source();
                    ps.setString(1, r.tokenUri());
                    ps.setString(2, r.metadata().json());
                    ps.setString(3, r.metadata().name());
                    ps.setString(4, r.metadata().image());
                    ps.setObject(5, source.readAt() == null ? null : source.readAt().number(), java.sql.Types.BIGINT);
                    ps.setString(6, source.readAt() == null ? null : source.readAt().hash());
                    ps.setString(7, source.sha256());
                    ps.setBoolean(8, source.verified());
                    ps.setString(9, IpfsCarRepository.store(c, source.car()));
                    ps.setLong(10, r.token().collectionId());
                    ps.setBigDecimal(11, new BigDecimal(r.token().tokenId()));
                    ps.setString(12, r.leaseOwner());
                    ps.addBatch();
                }
                int[] updated = ps.executeBatch();
                for (int k = 0; k < order.length; k++) {
                    stored[order[k]] = updated[k] > 0;
                }
            }
            try (PreparedStatement delete = c.prepareStatement(DELETE_TRAITS);
                 PreparedStatement insert = c.prepareStatement(INSERT_TRAIT)) {
                for (int i : order) {
                    if (!stored[i]) {
                        continue;
                    }
                    ClaimedToken token = resolutions.get(i).token();
                    BigDecimal id = new BigDecimal(token.tokenId());
                    delete.setLong(1, token.collectionId());
                    delete.setBigDecimal(2, id);
                    delete.addBatch();
                    int ordinal = 0;
                    for (Trait trait : resolutions.get(i).metadata().traits()) {
                        insert.setLong(1, token.collectionId());
                        insert.setBigDecimal(2, id);
                        insert.setInt(3, ordinal++);
                        insert.setString(4, trait.traitType());
                        insert.setString(5, trait.value());
                        insert.setString(6, trait.displayType());
                        insert.addBatch();
                    }
                }
                delete.executeBatch();
                insert.executeBatch();
            }
            return stored;
        } catch (SQLException e) {
            String which = ClaimedToken.describe(resolutions.stream().map(Resolution::token).toList());
            throw new IllegalStateException("storing the metadata of " + which + " failed: " + e.getMessage(), e);
        }
    }
}
