package io.tokenatlas.vector;

import io.agroal.api.AgroalDataSource;
import io.tokenatlas.media.PerceptualHash;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** What near-duplicate search reads: every live token's image hash, and the similarity of chosen pairs. */
@ApplicationScoped
public class DuplicateRepository {
    /** Live tokens with a hashed image (the hash version is the one parameter), read by {@link #hashed}. */
    public static final String HASHED_TOKENS = """
            SELECT t.collection_id, t.token_id, t.minted_block, t.media_sha256, m.phash, m.centre_phash, t.name
              FROM token t JOIN media m ON m.sha256 = t.media_sha256
             WHERE NOT t.burned AND m.hash_version = ? AND m.phash IS NOT NULL
            """;
    private static final String HASHED = HASHED_TOKENS + " ORDER BY t.minted_block, t.collection_id, t.token_id";
    private static final String PAIR_SIMILARITY = """
            SELECT p.i, 1 - (a.vector <=> b.vector)
              FROM unnest(?::bigint[], ?::numeric[], ?::bigint[], ?::numeric[], ?::int[]) AS p(ac, at, bc, bt, i)
              JOIN embedding a ON a.collection_id = p.ac AND a.token_id = p.at AND a.model_id = ?
              JOIN embedding b ON b.collection_id = p.bc AND b.token_id = p.bt AND b.model_id = ?
            """;

    private final AgroalDataSource dataSource;

    public DuplicateRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A live token with an image: where it came from, and its image's sha256 and perceptual hashes. */
    public record HashedToken(long collectionId, BigInteger tokenId, long mintedBlock, String mediaSha256, long phash,
            long centrePhash, String name) {}

    /** Every live token with a hashed image, oldest mint first. */
    public List<HashedToken> hashedTokens() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(HASHED)) {
            ps.setInt(1, PerceptualHash.VERSION);
            return hashed(ps);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the image hashes failed: " + e.getMessage(), e);
        }
    }

    /** The rows of a query selecting what {@link #HASHED_TOKENS} selects. */
    public static List<HashedToken> hashed(PreparedStatement ps) throws SQLException {
        List<HashedToken> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new HashedToken(rs.getLong(1), rs.getBigDecimal(2).toBigIntegerExact(), rs.getLong(3),
                        rs.getString(4), rs.getLong(5), rs.getLong(6), rs.getString(7)));
            }
        }
        return out;
    }

    /**
     * The cosine similarity of each pair's vectors under one model; NaN where either token has
     * no vector of that model.
     */
    public double[] similarities(List<HashedToken[]> pairs, int modelId) {
        int n = pairs.size();
        Long[] ac = new Long[n];
        BigDecimal[] at = new BigDecimal[n];
        Long[] bc = new Long[n];
        BigDecimal[] bt = new BigDecimal[n];
        Integer[] index = new Integer[n];
        for (int i = 0; i < n; i++) {
            ac[i] = pairs.get(i)[0].collectionId();
            at[i] = new BigDecimal(pairs.get(i)[0].tokenId());
            bc[i] = pairs.get(i)[1].collectionId();
            bt[i] = new BigDecimal(pairs.get(i)[1].tokenId());
            index[i] = i;
        }
        double[] out = new double[n];
        Arrays.fill(out, Double.NaN);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(PAIR_SIMILARITY)) {
            ps.setArray(1, c.createArrayOf("bigint", ac));
            ps.setArray(2, c.createArrayOf("numeric", at));
            ps.setArray(3, c.createArrayOf("bigint", bc));
            ps.setArray(4, c.createArrayOf("numeric", bt));
            ps.setArray(5, c.createArrayOf("int4", index));
            ps.setInt(6, modelId);
            ps.setInt(7, modelId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out[rs.getInt(1)] = rs.getDouble(2);
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("comparing the vectors of " + n + " image pairs failed: " + e.getMessage(), e);
        }
    }
}
