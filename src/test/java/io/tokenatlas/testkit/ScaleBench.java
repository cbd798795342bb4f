package io.tokenatlas.testkit;

import com.pgvector.PGvector;
import io.tokenatlas.vector.AdaptedSimilarity;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.postgresql.PGConnection;

/**
 * The many-collections rows of scripts/bench: one database holding {@code total} adapted vectors
 * in 100 collections of mixed sizes (100 up to 100,000 tokens, log-uniform), searched through the
 * daemon's /similar in a small, a middle and the biggest collection, beside the same collection
 * alone in a table of its own with its own HNSW index (over JDBC). The daemon is started after the
 * load and analyses the tables itself: nothing is analysed by hand.
 */
final class ScaleBench {
    static final int DIMENSION = 160;
    static final int K = 20;
    static final int COLLECTIONS = 100;
    static final int QUERIES = 100;

    private ScaleBench() {}

    /** The sizes of the collections: the probes (100, 1,000 and the biggest) first, then the rest. */
    static int[] sizes(long total, int collections) {
        int big = (int) Math.min(100_000, Math.max(1_000, total / 10));
        int[] sizes = new int[collections];
        sizes[0] = 100;
        sizes[1] = 1_000;
        sizes[2] = big;
        Random random = new Random(5);
        double[] weights = new double[collections];
        double sum = 0;
        for (int i = 3; i < collections; i++) {
            weights[i] = Math.exp(Math.log(100) + random.nextDouble() * (Math.log(big) - Math.log(100)));
            sum += weights[i];
        }
        long rest = Math.max(0, total - 100 - 1_000 - big);
        for (int i = 3; i < collections; i++) {
            sizes[i] = (int) Math.max(100, Math.min(big, Math.round(weights[i] / sum * rest)));
        }
        return sizes;
    }

    static List<Bench.Row> rows(long total, int seconds, Path logs) {
        TestDatabase.reset(TestDatabase.NAME);
        int[] sizes = sizes(total, COLLECTIONS);
        Map<String, String> config = DaemonProcess.config(TestDatabase.NAME, "http://127.0.0.1:9", "http://127.0.0.1:9");
        config.put("atlas.worker.enabled", "false");
        // Only the queries are measured: no map (and no descriptor fit) is computed over the synthetic vectors.
        config.put("atlas.layout.enabled", "false");
        List<Bench.Row> rows = new ArrayList<>();
        // The daemon runs while the database is loaded, as it would during a bulk ingest.
        try (DaemonProcess daemon = DaemonProcess.start(config, logs.resolve("daemon-scale.log"), 0)) {
            long loaded = load(sizes);
            long waited = awaitAnalysed(sizes.length);
            for (int probe = 0; probe < 3; probe++) {
                long collection = probe + 1;
                int n = sizes[probe];
                Path script = logs.resolve("scale-" + collection + ".lua");
                QueryBench.write(script, "math.randomseed(11)\nrequest = function()\n  return wrk.format(nil,"
                        + " \"/api/v1/collections/" + collection + "/tokens/\" .. math.random(1, " + n + ") .. \"/similar?k="
                        + K + "\")\nend\n", StandardCharsets.UTF_8);
                QueryBench.wrk(daemon.url(), script, 1, Math.max(2, seconds / 3)); // warm-up, not counted
                double[] api = QueryBench.wrk(daemon.url(), script, 1, seconds);
                double[] alone = alone(collection, n, seconds);
                double[] recall = recall(collection, n);
                String where = "a " + String.format("%,d", n) + "-token collection among " + String.format("%,d", loaded)
                        + " vectors in " + sizes.length + " collections";
                boolean fast = api[0] <= 5 && api[1] <= 15;
                rows.add(new Bench.Row("Similar k=" + K + " in " + where + ", 1 client",
                        String.format("API p50 %.1f ms, p99 %.1f ms (%.0f req/s)", api[0], api[1], api[2]),
                        String.format("alone in its own table, SQL over JDBC: p50 %.1f ms, p99 %.1f ms", alone[0], alone[1]),
                        api[0] / alone[0], "p50 <= 5 ms, p99 <= 15 ms", fast,
                        "synthetic " + DIMENSION + "-d adapted vectors, 20 clusters a collection; partitioned by collection,"
                                + " each with its HNSW index; no map recomputed; the daemon analysed the fresh tables itself ("
                                + waited + " s after the load); wrk 1 connection " + seconds + " s"));
                rows.add(new Bench.Row("Recall@" + K + " in " + where,
                        String.format("%.3f", recall[0]), String.format("%.3f (alone in its own table)", recall[1]),
                        recall[0] / recall[1], ">= 0.95", recall[0] >= 0.95,
                        QUERIES + " random query tokens against exact search; pgvector m 16, ef_construction 64,"
                                + " ef_search " + io.tokenatlas.vector.HnswSettings.candidates(K, 6)
                                + " (the daemon's default for k " + K + "), relaxed iterative scans"));
            }
        }
        return rows;
    }

    /** Loads the collections (tokens, stored and adapted vectors), then builds the indexes as pgvector advises. */
    private static long load(int[] sizes) {
        Random random = new Random(42);
        long count = 0;
        try (Connection c = TestDatabase.connect(TestDatabase.NAME); Statement st = c.createStatement()) {
            ResultSet rs = st.executeQuery("INSERT INTO model (name, sha256, dimension) VALUES ('bench-scale', 'none', "
                    + DIMENSION + ") ON CONFLICT (name, sha256) DO UPDATE SET dimension = excluded.dimension RETURNING id");
            rs.next();
            int model = rs.getInt(1);
            // Partitions are filled first and indexed after, as a bulk load should be.
            st.execute("DROP INDEX IF EXISTS adapted_vector_hnsw");
            for (int i = 0; i < sizes.length; i++) {
                long id = i + 1;
                st.execute("INSERT INTO collection (id, chain_id, address, from_block, from_block_source, cursor_block,"
                        + " status, serving_model_id) VALUES (" + id + ", 31337, '0x" + String.format("%040x", id)
                        + "', 0, 'given', 0, 'PAUSED', " + model + ")");
                st.execute("INSERT INTO token (collection_id, token_id, minted_block, state) SELECT " + id
                        + ", g, 0, 'EMBEDDED' FROM generate_series(1, " + sizes[i] + ") g");
                copyVectors(c, id, model, sizes[i], random);
                st.execute("CREATE TABLE adapted_vector_" + id + " PARTITION OF adapted_vector FOR VALUES IN (" + id + ")");
                st.execute("INSERT INTO adapted_vector (collection_id, token_id, model_id, version, vector, embedded_at)"
                        + " SELECT collection_id, token_id, model_id, 1, vector::vector(" + DIMENSION + "), created_at"
                        + " FROM embedding WHERE collection_id = " + id);
                count += sizes[i];
            }
            st.execute("SELECT setval('collection_id_seq', " + sizes.length + ")");
            st.execute("SET maintenance_work_mem = '1GB'");
            st.execute("CREATE INDEX adapted_vector_hnsw ON adapted_vector USING hnsw (vector vector_cosine_ops)");
            for (int probe = 0; probe < 3; probe++) {
                String alone = "bench_alone_" + (probe + 1);
                st.execute("DROP TABLE IF EXISTS " + alone);
                st.execute("CREATE TABLE " + alone + " AS SELECT * FROM adapted_vector WHERE collection_id = " + (probe + 1));
                st.execute("ALTER TABLE " + alone + " ADD PRIMARY KEY (collection_id, token_id, model_id)");
                st.execute("CREATE INDEX ON " + alone + " USING hnsw (vector vector_cosine_ops)");
                st.execute("ANALYZE " + alone); // the reference gets its statistics by hand
            }
            return count;
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("loading the many-collections database failed: " + e.getMessage(), e);
        }
    }

    /** A collection's vectors: 20 cluster centres of its own, each vector a centre plus noise, by COPY. */
    private static void copyVectors(Connection c, long collection, int model, int n, Random random)
            throws SQLException, IOException {
        float[][] centres = new float[20][DIMENSION];
        for (float[] centre : centres) {
            for (int d = 0; d < DIMENSION; d++) {
                centre[d] = (float) random.nextGaussian();
            }
        }
        var copy = c.unwrap(PGConnection.class).getCopyAPI();
        int chunk = 5_000;
        for (int from = 1; from <= n; from += chunk) {
            StringBuilder rows = new StringBuilder();
            for (int t = from; t < Math.min(n + 1, from + chunk); t++) {
                float[] centre = centres[random.nextInt(centres.length)];
                rows.append(collection).append('\t').append(t).append('\t').append(model).append("\t[");
                for (int d = 0; d < DIMENSION; d++) {
                    if (d > 0) {
                        rows.append(',');
                    }
                    rows.append(centre[d] + 0.35f * (float) random.nextGaussian());
                }
                rows.append("]\n");
            }
            copy.copyIn("COPY embedding (collection_id, token_id, model_id, vector) FROM STDIN",
                    new StringReader(rows.toString()));
        }
    }

    /** Waits until the daemon has analysed every partition since the load; returns the seconds it took. */
    private static long awaitAnalysed(int partitions) {
        long start = System.nanoTime();
        Waits.until(java.time.Duration.ofMinutes(10), "the daemon analysing the partitions", () -> {
            // The daemon's own rule for stale statistics (vector.PlannerStatistics).
            List<List<String>> left = TestDatabase.query(TestDatabase.NAME, """
                    SELECT count(*) FROM pg_stat_user_tables
                     WHERE relname LIKE 'adapted\\_vector\\_%'
                       AND (n_mod_since_analyze >= greatest(500, 0.1 * n_live_tup)
                            OR (last_analyze IS NULL AND last_autoanalyze IS NULL AND n_mod_since_analyze > 0))""");
            List<List<String>> seen = TestDatabase.query(TestDatabase.NAME,
                    "SELECT count(*) FROM pg_stat_user_tables WHERE relname LIKE 'adapted\\_vector\\_%'");
            return left.getFirst().getFirst().equals("0") && Long.parseLong(seen.getFirst().getFirst()) >= partitions
                    ? true : null;
        });
        return (System.nanoTime() - start) / 1_000_000_000L;
    }

    /** {p50 ms, p99 ms}: the token's vector then its neighbours, from the collection's table of its own. */
    private static double[] alone(long collection, int n, int seconds) {
        String similar = AdaptedSimilarity.similarSql().replace("FROM adapted_vector e", "FROM bench_alone_" + collection + " e");
        List<Long> latencies = new ArrayList<>();
        Random random = new Random(3);
        try (Connection c = TestDatabase.connect(TestDatabase.NAME); Statement st = c.createStatement();
             PreparedStatement vector = c.prepareStatement("SELECT vector FROM bench_alone_" + collection + " WHERE token_id = ?");
             PreparedStatement nearest = c.prepareStatement(similar)) {
            for (long until = System.nanoTime() + seconds * 1_000_000_000L; System.nanoTime() < until; ) {
                long start = System.nanoTime();
                long token = 1 + random.nextInt(n);
                vector.setLong(1, token);
                PGvector query;
                try (ResultSet rs = vector.executeQuery()) {
                    rs.next();
                    query = new PGvector(rs.getString(1));
                }
                c.setAutoCommit(false);
                st.execute(QueryBench.hnswSettings(K));
                ids(nearest, query, collection, token);
                c.commit();
                c.setAutoCommit(true);
                latencies.add(System.nanoTime() - start);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the reference queries failed: " + e.getMessage(), e);
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return new double[] {sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6};
    }

    /** {recall@K of the daemon's statement, recall@K of the same statement on the table of its own}, against exact search. */
    private static double[] recall(long collection, int n) {
        String daemon = AdaptedSimilarity.similarSql();
        String alone = daemon.replace("FROM adapted_vector e", "FROM bench_alone_" + collection + " e");
        Random random = new Random(99);
        double[] sums = new double[2];
        try (Connection c = TestDatabase.connect(TestDatabase.NAME); Statement st = c.createStatement();
             PreparedStatement vector = c.prepareStatement(
                     "SELECT vector FROM adapted_vector WHERE collection_id = ? AND token_id = ?");
             PreparedStatement shared = c.prepareStatement(daemon); PreparedStatement own = c.prepareStatement(alone)) {
            c.setAutoCommit(false);
            for (int q = 0; q < QUERIES; q++) {
                long token = 1 + random.nextInt(n);
                vector.setLong(1, collection);
                vector.setLong(2, token);
                PGvector query;
                try (ResultSet rs = vector.executeQuery()) {
                    rs.next();
                    query = new PGvector(rs.getString(1));
                }
                st.execute(QueryBench.hnswSettings(K));
                Set<Long> approximate = ids(shared, query, collection, token);
                Set<Long> approximateAlone = ids(own, query, collection, token);
                st.execute("SET LOCAL enable_indexscan = off");
                Set<Long> exact = ids(shared, query, collection, token);
                c.commit();
                int expected = Math.min(K, exact.size());
                approximate.retainAll(exact);
                approximateAlone.retainAll(exact);
                sums[0] += approximate.size() / (double) expected;
                sums[1] += approximateAlone.size() / (double) expected;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("measuring recall failed: " + e.getMessage(), e);
        }
        return new double[] {sums[0] / QUERIES, sums[1] / QUERIES};
    }

    private static Set<Long> ids(PreparedStatement nearest, PGvector query, long collection, long token) throws SQLException {
        nearest.setObject(1, query);
        nearest.setInt(2, modelId(nearest.getConnection()));
        nearest.setLong(3, collection);
        nearest.setBigDecimal(4, BigDecimal.valueOf(token));
        int next = io.tokenatlas.metadata.TraitFilter.none().bind(nearest.getConnection(), nearest, 5);
        nearest.setInt(next, K);
        Set<Long> ids = new HashSet<>();
        try (ResultSet rs = nearest.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    private static Integer model;

    private static int modelId(Connection c) throws SQLException {
        if (model == null) {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT id FROM model WHERE name = 'bench-scale'")) {
                rs.next();
                model = rs.getInt(1);
            }
        }
        return model;
    }
}
