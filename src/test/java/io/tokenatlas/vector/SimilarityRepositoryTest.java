package io.tokenatlas.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.tokenatlas.embedding.ModelIdentity;
import io.tokenatlas.embedding.ModelRepository;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each model's nearest-neighbour query is served by that model's HNSW index, whatever its
 * dimension (vector up to 2000, halfvec beyond), checked with EXPLAIN on the real PostgreSQL.
 */
@QuarkusTest
class SimilarityRepositoryTest {
    static final int TOKENS = 3000;

    @Inject
    ModelRepository models;

    @Inject
    SimilarityRepository similarity;

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void collection() throws SQLException {
        sql("TRUNCATE collection, media RESTART IDENTITY CASCADE");
        sql("""
            INSERT INTO collection (chain_id, address, from_block, from_block_source, cursor_block, status)
            VALUES (31337, '0x00000000000000000000000000000000000000aa', 1, 'given', 10, 'FOLLOWING')""");
        sql("INSERT INTO token (collection_id, token_id, minted_block, state) SELECT 1, g, 2, 'EMBEDDED'"
                + " FROM generate_series(1, " + TOKENS + ") g");
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 1280, 2048})
    void theModelsHnswIndexAnswersItsQueries(int dimension) throws SQLException {
        ModelIdentity model = models.register("explain-" + dimension, "sha-" + dimension, dimension);
        sql("INSERT INTO embedding (collection_id, token_id, model_id, vector) SELECT 1, g, " + model.id()
                + ", (SELECT array_agg(sin(g * 7.3 + d))::vector FROM generate_series(1, " + dimension + ") d)"
                + " FROM generate_series(1, " + TOKENS + ") g");
        sql("ANALYZE embedding");
        float[] query = similarity.vectorOf(1, BigInteger.ONE, model).orElseThrow();
        String plan = explain(SimilarityRepository.similarSql(model), query);
        assertTrue(plan.contains("embedding_hnsw_model_" + model.id()), "the plan for " + dimension + "-d:\n" + plan);
        List<Neighbour> nearest = similarity.similar(1, query, BigInteger.ONE, model, 10);
        assertEquals(10, nearest.size());
    }

    private String explain(String sql, float[] query) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET LOCAL hnsw.iterative_scan = relaxed_order");
            }
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + sql)) {
                ps.setObject(1, new com.pgvector.PGvector(query));
                ps.setLong(2, 1);
                ps.setBigDecimal(3, java.math.BigDecimal.ONE);
                ps.setInt(4, 10);
                StringBuilder plan = new StringBuilder();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
                return plan.toString();
            } finally {
                c.rollback();
            }
        }
    }

    private void sql(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
