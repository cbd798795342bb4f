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
import org.junit.jupiter.api.Test;
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

    @Inject
    PlannerStatistics statistics;

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

    /**
     * A bulk load that nobody analysed (autovacuum off for the table, as it may be, or behind):
     * the daemon analyses it itself, and the HNSW index answers.
     */
    @Test
    void aFreshlyLoadedNeverAnalysedTableIsAnalysedAndItsIndexAnswers() throws SQLException {
        ModelIdentity model = models.register("fresh-1280", "sha-fresh", 1280);
        sql("ALTER TABLE embedding SET (autovacuum_enabled = false)");
        try {
            String analysedBefore = lastAnalyze("embedding");
            sql("INSERT INTO embedding (collection_id, token_id, model_id, vector) SELECT 1, g, " + model.id()
                    + ", (SELECT array_agg(sin(g * 7.3 + d))::vector FROM generate_series(1, 1280) d)"
                    + " FROM generate_series(1, " + TOKENS + ") g");
            float[] query = similarity.vectorOf(1, BigInteger.ONE, model).orElseThrow();
            String before = explain(SimilarityRepository.similarSql(model), query);
            // The load's row counts reach the statistics views within a second or so.
            io.tokenatlas.testkit.Waits.until(java.time.Duration.ofSeconds(30), "embedding analysed", () -> {
                statistics.refresh();
                String analysed = lastAnalyze("embedding");
                return analysed != null && !analysed.equals(analysedBefore) ? true : null;
            });
            String after = explain(SimilarityRepository.similarSql(model), query);
            assertTrue(after.contains("embedding_hnsw_model_" + model.id()),
                    "after the daemon's ANALYZE:\n" + after + "\nbefore it:\n" + before);
        } finally {
            sql("ALTER TABLE embedding RESET (autovacuum_enabled)");
        }
    }

    private String lastAnalyze(String table) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT last_analyze FROM pg_stat_user_tables WHERE relname = ? AND schemaname = current_schema()")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void traitFiltersAndTheScopeApplyInsideTheIndexScanAndStillGiveK() throws SQLException {
        ModelIdentity model = models.register("filtered-64", "sha-filtered", 64);
        sql("""
            INSERT INTO collection (chain_id, address, from_block, from_block_source, cursor_block, status)
            VALUES (31337, '0x00000000000000000000000000000000000000bb', 1, 'given', 10, 'FOLLOWING')""");
        sql("INSERT INTO token (collection_id, token_id, minted_block, state) SELECT 2, g, 2, 'EMBEDDED'"
                + " FROM generate_series(1, 100) g");
        sql("INSERT INTO embedding (collection_id, token_id, model_id, vector) SELECT c, g, " + model.id()
                + ", (SELECT array_agg(sin(g * 7.3 + d))::vector FROM generate_series(1, 64) d)"
                + " FROM generate_series(1, 2) c, generate_series(1, " + TOKENS + ") g WHERE c = 1 OR g <= 100");
        // One token in 300 is rare (10 of 3000), one in 3 has a blue background.
        sql("INSERT INTO token_trait (collection_id, token_id, ordinal, trait_type, value) SELECT 1, g, 0, 'Rarity',"
                + " CASE WHEN g % 300 = 0 THEN 'Rare' ELSE 'Common' END FROM generate_series(1, " + TOKENS + ") g");
        sql("INSERT INTO token_trait (collection_id, token_id, ordinal, trait_type, value) SELECT 1, g, 1, 'Background',"
                + " CASE g % 3 WHEN 0 THEN 'Blue' WHEN 1 THEN 'Red' ELSE 'Green' END FROM generate_series(1, " + TOKENS + ") g");
        sql("ANALYZE embedding");
        sql("ANALYZE token_trait");
        float[] query = similarity.vectorOf(1, BigInteger.ONE, model).orElseThrow();
        Neighbour self = new Neighbour(1, BigInteger.ONE, 1);

        List<Neighbour> rare = similarity.similar(new SimilarityRepository.Scope(1L,
                io.tokenatlas.metadata.TraitFilter.parse(List.of("rarity:RARE"))), query, self, model, 10);
        assertEquals(10, rare.size(), "all ten rare tokens, however far in the index they are");
        assertTrue(rare.stream().allMatch(n -> n.tokenId().intValue() % 300 == 0), rare.toString());

        List<Neighbour> blueOrRed = similarity.similar(new SimilarityRepository.Scope(1L,
                io.tokenatlas.metadata.TraitFilter.parse(List.of("Background:Blue", "Background:Red", "Rarity:Common"))),
                query, self, model, 20);
        assertEquals(20, blueOrRed.size());
        assertTrue(blueOrRed.stream().allMatch(n -> n.tokenId().intValue() % 3 != 2 && n.tokenId().intValue() % 300 != 0),
                "blue or red, and common: " + blueOrRed);
        assertEquals(blueOrRed.stream().map(Neighbour::score).sorted(java.util.Comparator.reverseOrder()).toList(),
                blueOrRed.stream().map(Neighbour::score).toList(), "nearest first");

        // Across collections: token 1 of collection 2 has the very same vector as the query.
        List<Neighbour> everywhere = similarity.similar(new SimilarityRepository.Scope(null,
                io.tokenatlas.metadata.TraitFilter.none()), query, self, model, 5);
        Neighbour twin = everywhere.stream().filter(n -> n.collectionId() == 2 && n.tokenId().equals(BigInteger.ONE))
                .findFirst().orElseThrow(() -> new AssertionError("collection 2's twin is missing: " + everywhere));
        assertEquals(1.0, twin.score(), 1e-5);
        assertTrue(everywhere.stream().noneMatch(n -> n.equals(self) || (n.collectionId() == 1 && n.tokenId().equals(BigInteger.ONE))),
                "the query token itself is left out");
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
