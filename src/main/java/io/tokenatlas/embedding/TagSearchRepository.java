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
            SELECT m.collection_id, m.token_id, t.name,
                   array_agg(m.kind ORDER BY m.score DESC NULLS LAST, m.text),
                   array_agg(m.text ORDER BY m.score DESC NULLS LAST, m.text),
                   array_agg(m.score ORDER BY m.score DESC NULLS LAST, m.text)
              FROM matches m JOIN token t ON t.collection_id = m.collection_id AND t.token_id = m.token_id
             WHERE NOT t.burned
             GROUP BY m.collection_id, m.token_id, t.name
             ORDER BY count(DISTINCT m.kind) DESC, max(m.score) DESC NULLS LAST, m.collection_id, m.token_id
             LIMIT ?
            """;

    /** What matched: a tag (with the model's score) or a trait ("type: value"). */
    public record Match(String kind, String text, Float score) {}

    public record Hit(long collectionId, BigInteger tokenId, String name, List<Match> matches) {}

    private final AgroalDataSource dataSource;

    public TagSearchRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<Hit> search(String words, Long collectionId, int modelId, int limit) {
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
            ps.setInt(9, limit);
            List<Hit> hits = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    hits.add(new Hit(rs.getLong(1), rs.getBigDecimal(2).toBigIntegerExact(), rs.getString(3),
                            matches(rs.getArray(4), rs.getArray(5), rs.getArray(6))));
                }
            }
            return hits;
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
