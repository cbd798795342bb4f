package io.tokenatlas.vector;

import com.pgvector.PGvector;
import io.tokenatlas.config.ApiConfig;
import io.tokenatlas.coordination.ReadDatabase;
import io.tokenatlas.embedding.AdaptedDescriptor;
import io.tokenatlas.metadata.TraitFilter;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Nearest neighbours within one collection by its adapted descriptor (the adapted_vector table
 * and its HNSW index), with trait conditions applied during the index walk as for the stored
 * vectors, and an exact search when a selective filter ends the walk short.
 */
@ApplicationScoped
public class AdaptedSimilarity {
    private static final String LIVE_VECTOR_OF = """
            SELECT a.vector FROM adapted_vector a JOIN token t USING (collection_id, token_id)
             WHERE a.collection_id = ? AND a.token_id = ? AND a.model_id = ? AND NOT t.burned
            """;
    private static final String SIMILAR = """
            SELECT token_id, distance FROM (
                SELECT e.token_id, e.vector <=> ?::vector(%d) AS distance
                  FROM adapted_vector e
                 WHERE e.model_id = ? AND e.collection_id = ? AND e.token_id <> ?
                   AND NOT EXISTS (SELECT 1 FROM token t
                                    WHERE t.collection_id = e.collection_id AND t.token_id = e.token_id AND t.burned)
                   AND %s
                 ORDER BY distance
                 LIMIT ?) nearest
             ORDER BY distance, token_id
            """.formatted(AdaptedDescriptor.DIMENSION, TraitFilter.sql("e"));
    /**
     * The settings and the search for a token's neighbours in one round trip: both statements go
     * in one message, which PostgreSQL runs as one implicit transaction, so the local settings hold
     * for the search; the token's own vector is read by a subquery (an InitPlan, which the HNSW
     * index takes as its query like a constant). A token without a live vector makes the distance
     * null, which {@link #similarTo} treats as "ask again the slow way".
     */
    private static final String SEARCH_NEAR_TOKEN = SIMILAR.replace(
            "?::vector(%d)".formatted(AdaptedDescriptor.DIMENSION), "(" + LIVE_VECTOR_OF + ")");
    private static final String SIMILAR_TO = HnswSettings.SET + ";" + SEARCH_NEAR_TOKEN;

    private final ReadDatabase reads;
    private final int candidatesPerResult;

    public AdaptedSimilarity(ReadDatabase reads, ApiConfig config) {
        this.reads = reads;
        this.candidatesPerResult = config.searchCandidatesPerResult();
    }

    /** The adapted vector of a token that is not burned; empty before the token is projected. */
    public Optional<float[]> liveVectorOf(long collectionId, BigInteger tokenId, int modelId) {
        try (Connection c = reads.connection(); PreparedStatement ps = c.prepareStatement(LIVE_VECTOR_OF)) {
            ps.setLong(1, collectionId);
            ps.setBigDecimal(2, new BigDecimal(tokenId));
            ps.setInt(3, modelId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new PGvector(rs.getString(1)).toArray()) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the adapted vector of token " + tokenId + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** The k tokens of the collection nearest to {@code query} passing {@code filter}, leaving out {@code exclude} (null: none). */
    public List<Neighbour> similar(long collectionId, int modelId, float[] query, BigInteger exclude, TraitFilter filter,
            int k) {
        try {
            return reads.transaction(c -> {
                HnswSettings.apply(c, k, candidatesPerResult);
                return search(c, collectionId, modelId, query, exclude, filter, k);
            });
        } catch (SQLException e) {
            throw new IllegalStateException("adapted similarity search in collection " + collectionId + " failed: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The k tokens of the collection nearest to its token {@code token}, passing {@code filter}:
     * the settings, the token's vector and the search in one round trip. Empty when the token has
     * no live adapted vector.
     */
    public Optional<List<Neighbour>> similarTo(long collectionId, int modelId, BigInteger token, TraitFilter filter,
            int k) {
        List<Neighbour> found;
        try (Connection c = reads.connection(); PreparedStatement ps = c.prepareStatement(SIMILAR_TO)) {
            ps.setString(1, Integer.toString(HnswSettings.candidates(k, candidatesPerResult)));
            bindNearToken(c, ps, 2, collectionId, modelId, token, filter, k);
            ps.execute();
            if (!ps.getMoreResults()) {
                throw new SQLException("the search gave no result set after its settings");
            }
            found = read(ps.getResultSet(), collectionId, k);
        } catch (SQLException e) {
            throw new IllegalStateException("adapted similarity search in collection " + collectionId + " failed: "
                    + e.getMessage(), e);
        }
        if (found != null && (found.size() == k || filter.isEmpty() && !found.isEmpty())) {
            return Optional.of(found);
        }
        // No vector, a collection of one, or a selective filter that ended the walk short.
        return liveVectorOf(collectionId, token, modelId)
                .map(vector -> similar(collectionId, modelId, vector, token, filter, k));
    }

    /** The neighbours a result set lists; null when a distance is null (the query token had no vector). */
    private static List<Neighbour> read(ResultSet rs, long collectionId, int k) throws SQLException {
        try (rs) {
            List<Neighbour> out = new ArrayList<>(k);
            while (rs.next()) {
                double distance = rs.getDouble(2);
                if (rs.wasNull()) {
                    return null;
                }
                out.add(new Neighbour(collectionId, rs.getBigDecimal(1).toBigIntegerExact(), 1 - distance));
            }
            return out;
        }
    }

    private static List<Neighbour> search(Connection c, long collectionId, int modelId, float[] query, BigInteger exclude,
            TraitFilter filter, int k) throws SQLException {
        List<Neighbour> found = run(c, collectionId, modelId, query, exclude, filter, k);
        if (found.size() < k && !filter.isEmpty()) {
            try (Statement st = c.createStatement()) {
                st.execute("SET LOCAL enable_indexscan = off");
            }
            found = run(c, collectionId, modelId, query, exclude, filter, k);
        }
        return found;
    }

    /**
     * The search statement (parameters: query, model, collection, token left out, trait
     * conditions, k). Public for the benchmark's JDBC reference, which runs exactly this.
     */
    public static String similarSql() {
        return SIMILAR;
    }

    /**
     * The search for a token's neighbours with its vector read by a subquery (parameters:
     * collection, token, model for the subquery; then model, collection, token left out, trait
     * conditions, k). Public for the plan test and the benchmark's JDBC reference.
     */
    public static String searchNearTokenSql() {
        return SEARCH_NEAR_TOKEN;
    }

    /** Binds the parameters of {@link #searchNearTokenSql()} from position {@code first} on. */
    public static void bindNearToken(Connection c, PreparedStatement ps, int first, long collectionId, int modelId,
            BigInteger token, TraitFilter filter, int k) throws SQLException {
        ps.setLong(first, collectionId);
        ps.setBigDecimal(first + 1, new BigDecimal(token));
        ps.setInt(first + 2, modelId);
        ps.setInt(first + 3, modelId);
        ps.setLong(first + 4, collectionId);
        ps.setBigDecimal(first + 5, new BigDecimal(token));
        ps.setInt(filter.bind(c, ps, first + 6), k);
    }

    /** {@link #searchNearTokenSql()} after the settings' statement (its one parameter: hnsw.ef_search), as sent. */
    public static String similarToSql() {
        return SIMILAR_TO;
    }

    private static List<Neighbour> run(Connection c, long collectionId, int modelId, float[] query, BigInteger exclude,
            TraitFilter filter, int k) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SIMILAR)) {
            ps.setObject(1, new PGvector(query));
            ps.setInt(2, modelId);
            ps.setLong(3, collectionId);
            ps.setBigDecimal(4, exclude == null ? BigDecimal.ONE.negate() : new BigDecimal(exclude));
            int next = filter.bind(c, ps, 5);
            ps.setInt(next, k);
            return read(ps.executeQuery(), collectionId, k);
        }
    }
}
