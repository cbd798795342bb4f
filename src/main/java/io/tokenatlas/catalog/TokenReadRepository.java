package io.tokenatlas.catalog;

import io.tokenatlas.coordination.ReadDatabase;
import io.tokenatlas.metadata.Trait;
import io.tokenatlas.metadata.TraitFilter;
import io.tokenatlas.token.TokenState;
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
            SELECT t.owner, t.minted_block, t.burned, t.state, t.error, t.failed_stage, t.attempts, t.token_uri, t.name,
                   t.image_uri, t.metadata::text, t.media_sha256, t.error_code, t.image_verified, m.phash, t.supply::text,
                   m.placeholder
              FROM token t LEFT JOIN media m ON m.sha256 = t.media_sha256
             WHERE t.collection_id = ? AND t.token_id = ?
            """;
    private static final String TRAITS = """
            SELECT trait_type, value, display_type FROM token_trait
             WHERE collection_id = ? AND token_id = ? ORDER BY ordinal
            """;
    private static final String COUNTS = """
            SELECT state, count(*) FROM token WHERE (?::bigint IS NULL OR collection_id = ?) AND NOT burned GROUP BY state
            """;
    private static final String PAGE = """
            SELECT t.token_id, t.state, t.name, t.owner, t.error, t.error_code, t.failed_stage, t.attempts,
                   t.next_attempt_at, t.burned
              FROM token t
             WHERE t.collection_id = ? AND t.token_id > ? AND (?::text IS NULL OR t.state = ?)
               AND (?::text IS NULL OR t.owner = ? OR EXISTS (SELECT 1 FROM token_balance b
                     WHERE b.collection_id = t.collection_id AND b.token_id = t.token_id AND b.owner = ?))
               AND (?::text IS NULL OR EXISTS (SELECT 1 FROM token_tag g
                                                WHERE g.collection_id = t.collection_id AND g.token_id = t.token_id
                                                  AND g.model_id = ? AND lower(g.label) = ?))
               AND """ + TraitFilter.sql("t") + """
             ORDER BY t.token_id
             LIMIT ?
            """;
    private static final String TAGS = """
            SELECT label, score FROM token_tag WHERE collection_id = ? AND token_id = ? AND model_id = ? ORDER BY rank
            """;
    private static final String THUMBNAIL_SHA = "SELECT media_sha256 FROM token WHERE collection_id = ? AND token_id = ?";

    private final ReadDatabase reads;

    /** Reads from a replica when there is one (coordination.ReadDatabase). */
    public TokenReadRepository(ReadDatabase reads) {
        this.reads = reads;
    }

    public Optional<TokenView> find(long collectionId, BigInteger tokenId) {
        try (Connection c = reads.connection(); PreparedStatement ps = c.prepareStatement(ONE)) {
            ps.setLong(1, collectionId);
            ps.setBigDecimal(2, new BigDecimal(tokenId));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new TokenView(collectionId, tokenId, rs.getString(1), rs.getLong(2), rs.getBoolean(3),
                        TokenState.valueOf(rs.getString(4)), rs.getString(5), rs.getString(6), rs.getInt(7),
                        rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                        traits(c, collectionId, tokenId), rs.getString(12), rs.getString(13),
                        (Boolean) rs.getObject(14), (Long) rs.getObject(15), rs.getString(16), rs.getString(17)));
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
        try (Connection c = reads.connection(); PreparedStatement ps = c.prepareStatement(COUNTS)) {
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

    /** One line of a token list: where the token is and, when it failed, why. */
    public record TokenLine(BigInteger tokenId, TokenState state, String name, String owner, String error,
            String errorCode, String failedStage, int attempts, java.time.OffsetDateTime nextAttemptAt, boolean burned) {}

    /**
     * What a token list is narrowed to; null fields do not narrow. The owner is a lower-case
     * address; the tag is a label of the model {@code tagModelId}, compared without case.
     */
    public record ListFilter(TokenState state, String owner, String tag, int tagModelId, TraitFilter traits) {}

    /** Tokens after {@code after} in id order (cursor pagination) that pass the filter. */
    public List<TokenLine> page(long collectionId, ListFilter filter, BigInteger after, int limit) {
        try (Connection c = reads.connection(); PreparedStatement ps = c.prepareStatement(PAGE)) {
            String state = filter.state() == null ? null : filter.state().name();
            String tag = filter.tag() == null ? null : filter.tag().toLowerCase(java.util.Locale.ROOT);
            ps.setLong(1, collectionId);
            ps.setBigDecimal(2, new BigDecimal(after));
            ps.setString(3, state);
            ps.setString(4, state);
            ps.setString(5, filter.owner());
            ps.setString(6, filter.owner());
            ps.setString(7, filter.owner());
            ps.setString(8, tag);
            ps.setInt(9, filter.tagModelId());
            ps.setString(10, tag);
            int next = filter.traits().bind(c, ps, 11);
            ps.setInt(next, limit);
            List<TokenLine> lines = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines.add(new TokenLine(rs.getBigDecimal(1).toBigIntegerExact(), TokenState.valueOf(rs.getString(2)),
                            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                            rs.getInt(8), rs.getObject(9, java.time.OffsetDateTime.class), rs.getBoolean(10)));
                }
            }
            return lines;
        } catch (SQLException e) {
            throw new IllegalStateException("listing tokens of collection " + collectionId + " failed", e);
        }
    }

    /** A tag a model gave the token's image. */
    public record TagLine(String label, float score) {}

    /** The token's tags from the model {@code modelId}, best first. */
    public List<TagLine> tags(long collectionId, BigInteger tokenId, int modelId) {
        try (Connection c = reads.connection(); PreparedStatement ps = c.prepareStatement(TAGS)) {
            ps.setLong(1, collectionId);
            ps.setBigDecimal(2, new BigDecimal(tokenId));
            ps.setInt(3, modelId);
            List<TagLine> tags = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tags.add(new TagLine(rs.getString(1), rs.getFloat(2)));
                }
            }
            return tags;
        } catch (SQLException e) {
            throw new IllegalStateException("reading the tags of token " + tokenId + " failed", e);
        }
    }

    public Optional<String> mediaSha256(long collectionId, BigInteger tokenId) {
        try (Connection c = reads.connection(); PreparedStatement ps = c.prepareStatement(THUMBNAIL_SHA)) {
            ps.setLong(1, collectionId);
            ps.setBigDecimal(2, new BigDecimal(tokenId));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading token " + tokenId + " failed", e);
        }
    }

    /** The live tokens of a collection that have an image, in token order. */
    public List<TokenImage> images(long collectionId) {
        String sql = """
                SELECT token_id, media_sha256 FROM token
                 WHERE collection_id = ? AND NOT burned AND media_sha256 IS NOT NULL ORDER BY token_id
                """;
        try (Connection c = reads.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, collectionId);
            List<TokenImage> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new TokenImage(rs.getBigDecimal(1).toBigIntegerExact(), rs.getString(2)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("reading the images of collection " + collectionId + " failed", e);
        }
    }
}
