package io.tokenatlas.embedding;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Keyword search over the tags a model's labels gave tokens and over their traits: a token matches
 * when a tag label, a trait value or a trait type contains the words. Tokens with both kinds of
 * match come first, then by the best tag score.
 */
@ApplicationScoped
public class TagSearchRepository {
    private static final String SEARCH = """
            WITH matches AS (
                SELECT collection_id, token_id, 'tag' AS kind, label AS text, score
                  FROM token_tag
                 WHERE model_id = ? AND lower(label) LIKE ? ESCAPE '\\' AND (?::bigint IS NULL OR collection_id = ?)
                UNION ALL
                SELECT collection_id, token_id, 'trait', coalesce(trait_type || ': ', '') || value, NULL
                  FROM token_trait
                 WHERE (lower(value) LIKE ? ESCAPE '\\' OR lower(coalesce(trait_type, '')) LIKE ? ESCAPE '\\')
                   AND (?::bigint IS NULL OR collection_id = ?))
            , hits AS (
                SELECT m.collection_id, m.token_id, t.name, count(DISTINCT m.kind) AS kinds, max(m.score) AS best,
                       array_agg(m.kind ORDER BY m.score DESC NULLS LAST, m.text) AS kinds_matched,
                       array_agg(m.text ORDER BY m.score DESC NULLS LAST, m.text) AS texts,
                       array_agg(m.score ORDER BY m.score DESC NULLS LAST, m.text) AS scores
                  FROM matches m JOIN token t ON t.collection_id = m.collection_id AND t.token_id = m.token_id
                 WHERE NOT t.burned
                 GROUP BY m.collection_id, m.token_id, t.name)
            SELECT collection_id, token_id, name, kinds_matched, texts, scores, kinds, best FROM hits
             WHERE ?::int IS NULL OR kinds < ?
                OR (kinds = ? AND ((?::real IS NOT NULL AND (best < ? OR best IS NULL))
                    OR (best IS NOT DISTINCT FROM ?::real
                        AND (collection_id > ? OR (collection_id = ? AND token_id > ?)))))
             ORDER BY kinds DESC, best DESC NULLS LAST, collection_id, token_id
             LIMIT ?
            """;

    /** What matched: a tag (with the model's score) or a trait ("type: value"). */
    public record Match(String kind, String text, Float score) {}

    public record Hit(long collectionId, BigInteger tokenId, String name, List<Match> matches) {}

    /** Where a page ends in the search's order: kinds of match, best tag score (or none), collection, token. */
    public record After(int kinds, Float best, long collectionId, BigInteger tokenId) {}

    /** A page of hits and where the next starts (null after the last). */
    public record Page(List<Hit> hits, After next) {}

    private final AgroalDataSource dataSource;

    public TagSearchRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The hits after {@code after} (null: from the first), at most {@code limit}. */
    public Page search(String words, Long collectionId, int modelId, After after, int limit) {
        String like = "%" + words.strip().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                .replace("_", "\\_") + "%";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SEARCH)) {
            ps.setInt(1, modelId);
            ps.setString(2, like);
            ps.setObject(3, collectionId, java.sql.Types.BIGINT);
            ps.setObject(4, collectionId, java.sql.Types.BIGINT);
            ps.setString(5, like);
            ps.setString(6, like);
            ps.setObject(7, collectionId, java.sql.Types.BIGINT);
            ps.setObject(8, collectionId, java.sql.Types.BIGINT);
            Integer kinds = after == null ? null : after.kinds();
            Float best = after == null ? null : after.best();
            ps.setObject(9, kinds, java.sql.Types.INTEGER);
            ps.setObject(10, kinds, java.sql.Types.INTEGER);
            ps.setObject(11, kinds, java.sql.Types.INTEGER);
            ps.setObject(12, best, java.sql.Types.REAL);
            ps.setObject(13, best, java.sql.Types.REAL);
            ps.setObject(14, best, java.sql.Types.REAL);
            ps.setObject(15, after == null ? null : after.collectionId(), java.sql.Types.BIGINT);
            ps.setObject(16, after == null ? null : after.collectionId(), java.sql.Types.BIGINT);
            ps.setBigDecimal(17, after == null ? null : new java.math.BigDecimal(after.tokenId()));
            ps.setInt(18, limit + 1);
            List<Hit> hits = new ArrayList<>();
            List<After> keys = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Hit hit = new Hit(rs.getLong(1), rs.getBigDecimal(2).toBigIntegerExact(), rs.getString(3),
                            matches(rs.getArray(4), rs.getArray(5), rs.getArray(6)));
                    hits.add(hit);
                    keys.add(new After(rs.getInt(7), rs.getObject(8, Float.class), hit.collectionId(), hit.tokenId()));
                }
            }
            // One row past the limit says a next page exists; it starts after the last row kept.
            return hits.size() > limit ? new Page(hits.subList(0, limit), keys.get(limit - 1)) : new Page(hits, null);
        } catch (SQLException e) {
            throw new IllegalStateException("searching for '" + words + "' failed: " + e.getMessage(), e);
        }
    }

    private static List<Match> matches(Array kinds, Array texts, Array scores) throws SQLException {
        Object[] k = (Object[]) kinds.getArray();
        Object[] t = (Object[]) texts.getArray();
        Object[] s = (Object[]) scores.getArray();
        List<Match> out = new ArrayList<>(k.length);
        for (int i = 0; i < k.length; i++) {
            out.add(new Match((String) k[i], (String) t[i], s[i] == null ? null : ((Number) s[i]).floatValue()));
        }
        return out;
    }
}
