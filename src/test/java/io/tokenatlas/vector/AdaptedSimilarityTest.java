package io.tokenatlas.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.tokenatlas.chain.CollectionRepository;
import io.tokenatlas.embedding.AdaptedPartitions;
import io.tokenatlas.embedding.ModelIdentity;
import io.tokenatlas.embedding.ModelRepository;
import io.tokenatlas.metadata.TraitFilter;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each collection's adapted vectors are a partition of their own with their own HNSW graph: a
 * search in a small collection beside a big one reads only its partition, the big one's search
 * goes through its own index once the daemon has analysed the freshly loaded partitions, and a
 * deleted collection's partition goes with it. Checked with EXPLAIN on the real PostgreSQL.
 */
@QuarkusTest
class AdaptedSimilarityTest {
    static final int BIG = 3000;
    static final int SMALL = 40;
    /** The small collection's ids start here, so no answer of one could pass for the other's. */
    static final int SMALL_FIRST = 100_001;

    @Inject
    ModelRepository models;

    @Inject
    AdaptedSimilarity adapted;

    @Inject
    AdaptedPartitions partitions;

    @Inject
    PlannerStatistics statistics;

    @Inject
    CollectionRepository collections;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void eachCollectionIsSearchedInItsOwnPartitionAndIndex() throws SQLException {
        sql("TRUNCATE collection, media RESTART IDENTITY CASCADE");
        sql("DROP TABLE IF EXISTS adapted_vector_1, adapted_vector_2"); // fresh partitions, never analysed
        ModelIdentity model = models.register("adapted-partitions", "sha-partitions", 160);
        for (String address : List.of("0x00000000000000000000000000000000000000aa", "0x00000000000000000000000000000000000000bb")) {
            sql("INSERT INTO collection (chain_id, address, from_block, from_block_source, cursor_block, status)"
                    + " VALUES (31337, '" + address + "', 1, 'given', 10, 'FOLLOWING')");
        }
        load(1, 1, BIG, model);
        load(2, SMALL_FIRST, SMALL_FIRST + SMALL - 1, model);
        // The loads' row counts reach the statistics views within a second or so; then both are analysed.
        java.util.Set<String> analysed = new java.util.TreeSet<>();
        io.tokenatlas.testkit.Waits.until(java.time.Duration.ofSeconds(30), "both partitions analysed", () -> {
            analysed.addAll(statistics.refresh());
            return analysed.containsAll(List.of("adapted_vector_1", "adapted_vector_2")) ? true : null;
        });

        String small = explain(model, 2, SMALL_FIRST);
        assertTrue(small.contains("adapted_vector_2"), small);
        assertFalse(small.contains("adapted_vector_1"), "the big collection's vectors are not read:\n" + small);
        String big = explain(model, 1, 1);
        assertTrue(big.contains("Index Scan using adapted_vector_1_vector_idx"), "the big collection's own graph:\n" + big);
        assertFalse(big.contains("adapted_vector_2"), big);

        String byToken = explainNearToken(model, 1, 1);
        assertTrue(byToken.contains("Index Scan using adapted_vector_1_vector_idx"),
                "the search that reads the token's vector by a subquery walks the same graph:\n" + byToken);

        float[] query = vector(SMALL_FIRST + 3);
        List<Neighbour> nearest = adapted.similar(2, model.id(), query, BigInteger.valueOf(SMALL_FIRST + 3),
                TraitFilter.none(), 10);
        assertEquals(10, nearest.size(), nearest.toString());
        assertTrue(nearest.stream().allMatch(n -> n.tokenId().intValue() >= SMALL_FIRST), nearest.toString());
        assertEquals(java.util.Optional.of(nearest), adapted.similarTo(2, model.id(), BigInteger.valueOf(SMALL_FIRST + 3),
                TraitFilter.none(), 10), "one round trip finds what the vector finds");
        List<Neighbour> inBig = adapted.similarTo(1, model.id(), BigInteger.valueOf(7), TraitFilter.none(), 20).orElseThrow();
        assertEquals(adapted.similar(1, model.id(), vector(7), BigInteger.valueOf(7), TraitFilter.none(), 20), inBig);
        assertEquals(20, inBig.size());
        assertTrue(adapted.similarTo(2, model.id(), BigInteger.valueOf(SMALL_FIRST + SMALL), TraitFilter.none(), 10)
                .isEmpty(), "a token without a vector has no neighbours");
        sql("UPDATE token SET burned = true WHERE collection_id = 2 AND token_id = " + (SMALL_FIRST + 4));
        assertTrue(adapted.similarTo(2, model.id(), BigInteger.valueOf(SMALL_FIRST + 4), TraitFilter.none(), 10)
                .isEmpty(), "a burned token has no neighbours");

        assertTrue(collections.delete(2));
        assertNull(scalar("SELECT to_regclass('adapted_vector_2')::text"), "the deleted collection's partition is dropped");
        assertEquals("adapted_vector_1", scalar("SELECT to_regclass('adapted_vector_1')::text"));
    }

    /** Tokens first..last of a collection with stored and adapted vectors (version 1), written straight to the tables. */
    private void load(long collection, int first, int last, ModelIdentity model) throws SQLException {
        if (collection == 1) {
            // As a refit does: the first vectors are written inside a transaction that is already open.
            io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> partitions.ensure(collection));
        } else {
            partitions.ensure(collection);
        }
        String range = "generate_series(" + first + ", " + last + ") g";
        sql("INSERT INTO token (collection_id, token_id, minted_block, state) SELECT " + collection + ", g, 2, 'EMBEDDED'"
                + " FROM " + range);
        sql("INSERT INTO embedding (collection_id, token_id, model_id, vector) SELECT " + collection + ", g, " + model.id()
                + ", (SELECT array_agg(sin(g * 7.3 + d))::vector FROM generate_series(1, 160) d) FROM " + range);
        sql("INSERT INTO adapted_vector (collection_id, token_id, model_id, version, vector, embedded_at)"
                + " SELECT collection_id, token_id, model_id, 1, vector::vector(160), created_at FROM embedding"
                + " WHERE collection_id = " + collection);
    }

    private static float[] vector(int token) {
        float[] v = new float[160];
        for (int d = 1; d <= 160; d++) {
            v[d - 1] = (float) Math.sin(token * 7.3 + d);
        }
        return v;
    }

    private String explain(ModelIdentity model, long collection, int token) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET LOCAL hnsw.iterative_scan = relaxed_order");
            }
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + AdaptedSimilarity.similarSql())) {
                ps.setObject(1, new com.pgvector.PGvector(vector(token)));
                ps.setInt(2, model.id());
                ps.setLong(3, collection);
                ps.setBigDecimal(4, java.math.BigDecimal.valueOf(token));
                int next = TraitFilter.none().bind(c, ps, 5);
                ps.setInt(next, 10);
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

    private String explainNearToken(ModelIdentity model, long collection, int token) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("EXPLAIN " + AdaptedSimilarity.searchNearTokenSql())) {
            AdaptedSimilarity.bindNearToken(c, ps, 1, collection, model.id(), BigInteger.valueOf(token), TraitFilter.none(), 10);
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            return plan.toString();
        }
    }

    private String scalar(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private void sql(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
