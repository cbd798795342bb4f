package io.tokenatlas.vector;

import com.pgvector.PGvector;
import io.agroal.api.AgroalDataSource;
import io.tokenatlas.config.ApiConfig;
import io.tokenatlas.coordination.ReadDatabase;
import io.tokenatlas.embedding.ModelIdentity;
import io.tokenatlas.embedding.ModelRepository;
import io.tokenatlas.embedding.Vectors;
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

/** Nearest-neighbour queries over one model's vectors, through that model's HNSW index. */
@ApplicationScoped
public class SimilarityRepository {
    private static final String VECTOR_OF = """
            SELECT vector_send(vector) FROM embedding WHERE collection_id = ? AND token_id = ? AND model_id = ?
            """;
    private static final String LIVE_VECTOR_OF = """
            SELECT vector_send(e.vector) FROM embedding e JOIN token t USING (collection_id, token_id)
             WHERE e.collection_id = ? AND e.token_id = ? AND e.model_id = ? AND NOT t.burned
            """;
    // Model id and dimension are written into the text (integers the daemon owns) so that the
    // planner matches the model's partial expression index; relaxed iterative scans (pgvector 0.8)
    // keep scanning until the collection filter has k rows, and the outer ORDER BY restores order.
    private static final String SIMILAR = """
            SELECT token_id, distance FROM (
                SELECT e.token_id, %1$s <=> ?::%4$s(%2$d) AS distance
                  FROM embedding e
                 WHERE e.model_id = %3$d AND e.collection_id = ? AND e.token_id <> ?
                   AND NOT EXISTS (SELECT 1 FROM token t
                                    WHERE t.collection_id = e.collection_id AND t.token_id = e.token_id AND t.burned)
                 ORDER BY distance
                 LIMIT ?) nearest
             ORDER BY distance, token_id
            """;

    // The same with a scope (one collection, or all when null) and trait conditions, which the
    // iterative scan applies while it walks the index, so that k results come when they exist.
    private static final String SIMILAR_FILTERED = """
            SELECT collection_id, token_id, distance FROM (
                SELECT e.collection_id, e.token_id, %1$s <=> ?::%4$s(%2$d) AS distance
                  FROM embedding e
                 WHERE e.model_id = %3$d AND (?::bigint IS NULL OR e.collection_id = ?)
                   AND NOT (e.collection_id = ? AND e.token_id = ?)
                   AND NOT EXISTS (SELECT 1 FROM token t
                                    WHERE t.collection_id = e.collection_id AND t.token_id = e.token_id AND t.burned)
                   AND %5$s
                 ORDER BY distance
                 LIMIT ?) nearest
             ORDER BY distance, collection_id, token_id
            """;

    private final AgroalDataSource dataSource;
    private final ReadDatabase reads;
    private final int candidatesPerResult;

    /** Searches read from {@code reads} (a replica when there is one); placement reads from the primary. */
    public SimilarityRepository(AgroalDataSource dataSource, ReadDatabase reads, ApiConfig config) {
        this.dataSource = dataSource;
        this.reads = reads;
        this.candidatesPerResult = config.searchCandidatesPerResult();
    }

    public Optional<float[]> vectorOf(long collectionId, BigInteger tokenId, ModelIdentity model) {
        return vector(VECTOR_OF, collectionId, tokenId, model);
    }

    /** The vector of a token that is not burned. */
    public Optional<float[]> liveVectorOf(long collectionId, BigInteger tokenId, ModelIdentity model) {
        return vector(LIVE_VECTOR_OF, collectionId, tokenId, model);
    }

    private Optional<float[]> vector(String sql, long collectionId, BigInteger tokenId, ModelIdentity model) {
        try (Connection c = reads.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, collectionId);
            ps.setBigDecimal(2, new BigDecimal(tokenId));
            ps.setInt(3, model.id());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Vectors.fromBinary(rs.getBytes(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the vector of token " + tokenId + " failed: " + e.getMessage(), e);
        }
    }

    /** The k tokens of the collection nearest to {@code query}, leaving out {@code exclude}. */
    public List<Neighbour> similar(long collectionId, float[] query, BigInteger exclude, ModelIdentity model, int k) {
        String sql = similarSql(model);
        try {
            return reads.transaction(c -> {
                HnswSettings.apply(c, k, candidatesPerResult);
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setObject(1, new PGvector(query));
                    ps.setLong(2, collectionId);
                    ps.setBigDecimal(3, new BigDecimal(exclude));
                    ps.setInt(4, k);
                    List<Neighbour> neighbours = new ArrayList<>(k);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            neighbours.add(new Neighbour(collectionId, rs.getBigDecimal(1).toBigIntegerExact(),
                                    1 - rs.getDouble(2)));
                        }
                    }
                    return neighbours;
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException("similarity search in collection " + collectionId + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** Where a filtered search looks: one collection (or all when null), tokens with these traits. */
    public record Scope(Long collectionId, io.tokenatlas.metadata.TraitFilter traits) {}

    /**
     * The k tokens nearest to {@code query} within the scope, leaving out one token (null: none).
     * When the index walk ends with fewer than k (a very selective filter), the search is
     * repeated exactly, without the index.
     */
    public List<Neighbour> similar(Scope scope, float[] query, Neighbour exclude, ModelIdentity model, int k) {
        String sql = SIMILAR_FILTERED.formatted(ModelRepository.vectorExpression("e.vector", model.dimension()),
                model.dimension(), model.id(), ModelRepository.indexType(model.dimension()),
                io.tokenatlas.metadata.TraitFilter.sql("e"));
        try {
            return reads.transaction(c -> {
                HnswSettings.apply(c, k, candidatesPerResult);
                List<Neighbour> found = filtered(c, sql, scope, query, exclude, k);
                if (found.size() < k && !scope.traits().isEmpty()) {
                    try (Statement st = c.createStatement()) {
                        st.execute("SET LOCAL enable_indexscan = off");
                    }
                    found = filtered(c, sql, scope, query, exclude, k);
                }
                return found;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("similarity search in " + (scope.collectionId() == null ? "all collections"
                    : "collection " + scope.collectionId()) + " failed: " + e.getMessage(), e);
        }
    }

    private static List<Neighbour> filtered(Connection c, String sql, Scope scope, float[] query, Neighbour exclude,
            int k) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, new PGvector(query));
            ps.setObject(2, scope.collectionId(), java.sql.Types.BIGINT);
            ps.setObject(3, scope.collectionId(), java.sql.Types.BIGINT);
            ps.setLong(4, exclude == null ? -1 : exclude.collectionId());
            ps.setBigDecimal(5, exclude == null ? BigDecimal.ZERO : new BigDecimal(exclude.tokenId()));
            int next = scope.traits().bind(c, ps, 6);
            ps.setInt(next, k);
            List<Neighbour> neighbours = new ArrayList<>(k);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    neighbours.add(new Neighbour(rs.getLong(1), rs.getBigDecimal(2).toBigIntegerExact(),
                            1 - rs.getDouble(3)));
                }
            }
            return neighbours;
        }
    }

    /**
     * The nearest-neighbour query for one model, written so that its HNSW index serves it
     * (parameters: query vector, collection, token to leave out, k). Public for the benchmark's
     * JDBC reference, which runs exactly this.
     */
    public static String similarSql(ModelIdentity model) {
        return SIMILAR.formatted(ModelRepository.vectorExpression("e.vector", model.dimension()), model.dimension(),
                model.id(), ModelRepository.indexType(model.dimension()));
    }

    /** A page of the collection's live vectors of one model in token order, after token {@code after} (-1: from the first). */
    public List<TokenVector> vectorPage(long collectionId, ModelIdentity model, BigInteger after, int limit) {
        String sql = """
                SELECT e.token_id, vector_send(e.vector) FROM embedding e JOIN token t USING (collection_id, token_id)
                 WHERE e.collection_id = ? AND e.model_id = ? AND e.token_id > ? AND NOT t.burned
                 ORDER BY e.token_id LIMIT ?
                """;
        return tokenVectors(sql, collectionId, model, ps -> {
            ps.setBigDecimal(3, new BigDecimal(after));
            ps.setInt(4, limit);
        });
    }

    /** At most {@code limit} of the collection's live vectors of one model, the same sample every time. */
    public List<TokenVector> vectorSample(long collectionId, ModelIdentity model, int limit) {
        String sql = """
                SELECT e.token_id, vector_send(e.vector) FROM embedding e JOIN token t USING (collection_id, token_id)
                 WHERE e.collection_id = ? AND e.model_id = ? AND NOT t.burned ORDER BY md5(e.token_id::text) LIMIT ?
                """;
        return tokenVectors(sql, collectionId, model, ps -> ps.setInt(3, limit));
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<TokenVector> tokenVectors(String sql, long collectionId, ModelIdentity model, Binder rest) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, collectionId);
            ps.setInt(2, model.id());
            rest.bind(ps);
            List<TokenVector> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new TokenVector(rs.getBigDecimal(1).toBigIntegerExact(),
                            Vectors.fromBinary(rs.getBytes(2))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("reading the vectors of collection " + collectionId + " failed", e);
        }
    }

    /** A token placed on a layout version, by its distance to a vector. */
    public record PlacedNeighbour(double x, double y, int cluster, double distance) {}

    /**
     * The points of layout version {@code layoutId} nearest to {@code vector} by exact search over
     * their tokens' vectors of {@code modelId} (for a token whose indexed neighbours are all unplaced).
     */
    public List<PlacedNeighbour> nearestPlaced(long layoutId, int modelId, float[] vector, int k) {
        String sql = """
                SELECT p.x, p.y, p.cluster, e.vector <=> ?::vector AS distance
                  FROM layout_point p
                  JOIN embedding e ON e.collection_id = p.collection_id AND e.token_id = p.token_id AND e.model_id = ?
                 WHERE p.layout_id = ?
                 ORDER BY distance, p.token_id LIMIT ?
                """;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, new PGvector(vector));
            ps.setInt(2, modelId);
            ps.setLong(3, layoutId);
            ps.setInt(4, k);
            List<PlacedNeighbour> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new PlacedNeighbour(rs.getFloat(1), rs.getFloat(2), rs.getInt(3), rs.getDouble(4)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("searching placed tokens of layout " + layoutId + " failed: " + e.getMessage(), e);
        }
    }
}
