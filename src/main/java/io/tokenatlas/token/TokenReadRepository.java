package io.tokenatlas.token;

import io.agroal.api.AgroalDataSource;
import io.tokenatlas.metadata.Trait;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads of token rows for the API. */
@ApplicationScoped
public class TokenReadRepository {
    private static final String ONE = """
            SELECT owner, minted_block, burned, state, error, failed_stage, attempts, token_uri, name, image_uri,
                   metadata::text, media_sha256 IS NOT NULL
              FROM token WHERE collection_id = ? AND token_id = ?
            """;
    private static final String TRAITS = """
            SELECT trait_type, value, display_type FROM token_trait
             WHERE collection_id = ? AND token_id = ? ORDER BY ordinal
            """;
    private static final String COUNTS = """
            SELECT state, count(*) FROM token WHERE (?::bigint IS NULL OR collection_id = ?) AND NOT burned GROUP BY state
            """;
    private static final String THUMBNAIL_SHA = "SELECT media_sha256 FROM token WHERE collection_id = ? AND token_id = ?";

    private final AgroalDataSource dataSource;

    public TokenReadRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<TokenView> find(long collectionId, BigInteger tokenId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(ONE)) {
            ps.setLong(1, collectionId);
            ps.setBigDecimal(2, new BigDecimal(tokenId));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new TokenView(collectionId, tokenId, rs.getString(1), rs.getLong(2), rs.getBoolean(3),
                        TokenState.valueOf(rs.getString(4)), rs.getString(5), rs.getString(6), rs.getInt(7),
                        rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                        traits(c, collectionId, tokenId), rs.getBoolean(12)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading token " + tokenId + " failed: " + e.getMessage(), e);
        }
    }

    private static List<Trait> traits(Connection c, long collectionId, BigInteger tokenId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(TRAITS)) {
            ps.setLong(1, collectionId);
            ps.setBigDecimal(2, new BigDecimal(tokenId));
            List<Trait> traits = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    traits.add(new Trait(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
            return traits;
        }
    }

    /** Live (not burned) tokens of a collection (of all when null) per state; every state is present. */
    public Map<TokenState, Long> countsByState(Long collectionId) {
        Map<TokenState, Long> counts = new EnumMap<>(TokenState.class);
        for (TokenState state : TokenState.values()) {
            counts.put(state, 0L);
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(COUNTS)) {
            ps.setObject(1, collectionId, java.sql.Types.BIGINT);
            ps.setObject(2, collectionId, java.sql.Types.BIGINT);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(TokenState.valueOf(rs.getString(1)), rs.getLong(2));
                }
            }
            return counts;
        } catch (SQLException e) {
            throw new IllegalStateException("counting tokens of collection " + collectionId + " failed", e);
        }
    }

    public Optional<String> mediaSha256(long collectionId, BigInteger tokenId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(THUMBNAIL_SHA)) {
            ps.setLong(1, collectionId);
            ps.setBigDecimal(2, new BigDecimal(tokenId));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading token " + tokenId + " failed", e);
        }
    }
}
