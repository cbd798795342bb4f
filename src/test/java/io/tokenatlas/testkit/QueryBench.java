package io.tokenatlas.testkit;

import com.pgvector.PGvector;
import io.tokenatlas.embedding.ModelIdentity;
import io.tokenatlas.embedding.ModelRepository;
import io.tokenatlas.vector.SimilarityRepository;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The similar-query rows of scripts/bench: /similar over synthetic clustered vectors through the
 * HTTP API (load from wrk, a second process) beside the same SQL over JDBC, at 1 and 32 concurrent
 * clients, and the recall@20 of the HNSW answer against exact search.
 */
final class QueryBench {
    static final int DIMENSION = 128;
    static final int K = 20;

    private QueryBench() {}

    /**
     * What the daemon sets for a search of k at its defaults (vector.HnswSettings, with
     * atlas.api.search-candidates-per-result 6), so that the JDBC references search alike.
     */
    static String hnswSettings(int k) {
        return "SET LOCAL hnsw.iterative_scan = relaxed_order; SET LOCAL hnsw.ef_search = "
                + io.tokenatlas.vector.HnswSettings.candidates(k, 6);
    }

    static List<Bench.Row> rows(int vectors, int seconds, Path logs) {
        TestDatabase.reset(TestDatabase.NAME);
        Map<String, String> config = DaemonProcess.config(TestDatabase.NAME, "http://127.0.0.1:9", "http://127.0.0.1:9");
        config.put("atlas.worker.enabled", "false");
        // Only the queries are measured: no map (and no descriptor fit) is computed over the synthetic vectors.
        config.put("atlas.layout.enabled", "false");
        List<Bench.Row> rows = new ArrayList<>();
        try (DaemonProcess daemon = DaemonProcess.start(config, logs.resolve("daemon-query.log"), 0)) {
            ModelIdentity model = load(vectors);
            Path script = logs.resolve("similar.lua");
            write(script, "math.randomseed(7)\nrequest = function()\n  return wrk.format(nil,"
                    + " \"/api/v1/collections/1/tokens/\" .. math.random(1, " + vectors + ") .. \"/similar?k=" + K
                    + "\")\nend\n", StandardCharsets.UTF_8);
            wrk(daemon.url(), script, 8, Math.max(2, seconds / 3)); // warms the daemon's JIT up; not counted
            for (int clients : new int[] {1, 32}) {
                double[] api = wrk(daemon.url(), script, clients, seconds);
                double[] sql = jdbc(model, vectors, clients, seconds);
                double ratio = api[0] / sql[0];
                rows.add(new Bench.Row("Similar k=" + K + " over " + vectors + " vectors, " + clients + " client"
                        + (clients == 1 ? "" : "s"),
                        String.format("API p50 %.1f ms, p99 %.1f ms (%.0f req/s)", api[0], api[1], api[2]),
                        String.format("SQL over JDBC p50 %.1f ms, p99 %.1f ms (%.0f q/s)", sql[0], sql[1], sql[2]),
                        ratio, "p50 <= 1.3x, p99 <= 30 ms", ratio <= 1.3 && api[1] <= 30,
                        "synthetic " + DIMENSION + "-d vectors in 200 clusters; HNSW with iterative scans; no map recomputed; the API reads"
                                + " the token's vector and its neighbours (two queries) as the JDBC side does; wrk -t2 "
                                + seconds + " s from a second process on loopback"));
            }
            double recall = recall(model, vectors, 200);
            rows.add(new Bench.Row("Recall@" + K + " of /similar's HNSW answer, " + vectors + " vectors",
                    String.format("%.3f", recall), "1.000 (exact search, no index)", recall, ">= 0.95", recall >= 0.95,
                    "200 random query tokens; pgvector m 16, ef_construction 64, ef_search " + io.tokenatlas.vector.HnswSettings.candidates(K, 6)));
        }
        return rows;
    }

    /** 200 cluster centres, each vector a centre plus noise; a model row, its HNSW index, the collection served by it. */
    private static ModelIdentity load(int vectors) {
        Random random = new Random(42);
        float[][] centres = new float[200][DIMENSION];
        for (float[] c : centres) {
            for (int i = 0; i < DIMENSION; i++) {
                c[i] = (float) random.nextGaussian();
            }
        }
        try (Connection c = TestDatabase.connect(TestDatabase.NAME)) {
            int modelId;
            try (Statement st = c.createStatement()) {
                ResultSet rs = st.executeQuery("INSERT INTO model (name, sha256, dimension) VALUES ('bench-synthetic',"
                        + " 'none', " + DIMENSION + ") ON CONFLICT (name, sha256) DO UPDATE SET dimension = excluded.dimension"
                        + " RETURNING id");
                rs.next();
                modelId = rs.getInt(1);
                st.execute("INSERT INTO collection (id, chain_id, address, from_block, from_block_source, cursor_block,"
                        + " status, serving_model_id) VALUES (1, 31337, '0x" + "0".repeat(39) + "1', 0, 'given', 0,"
                        + " 'PAUSED', " + modelId + ")");
                st.execute("INSERT INTO token (collection_id, token_id, minted_block, state) SELECT 1, g, 0, 'EMBEDDED'"
                        + " FROM generate_series(1, " + vectors + ") g");
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO embedding (collection_id, token_id, model_id, vector) VALUES (1, ?, ?, ?)")) {
                for (int t = 1; t <= vectors; t++) {
                    float[] centre = centres[random.nextInt(centres.length)];
                    float[] v = new float[DIMENSION];
                    for (int i = 0; i < DIMENSION; i++) {
                        v[i] = centre[i] + 0.35f * (float) random.nextGaussian();
                    }
                    ps.setLong(1, t);
                    ps.setInt(2, modelId);
                    ps.setObject(3, new PGvector(v));
                    ps.addBatch();
                    if (t % 2000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
            c.setAutoCommit(true);
            try (Statement st = c.createStatement()) {
                // The index the daemon creates for a model, built after the load as pgvector advises.
                st.execute("DROP INDEX IF EXISTS embedding_hnsw_model_" + modelId);
                st.execute("CREATE INDEX embedding_hnsw_model_" + modelId + " ON embedding USING hnsw (("
                        + ModelRepository.vectorExpression("vector", DIMENSION) + ") vector_cosine_ops) WHERE model_id = "
                        + modelId);
                st.execute("ANALYZE embedding");
            }
            return new ModelIdentity(modelId, "bench-synthetic", "none", DIMENSION);
        } catch (SQLException e) {
            throw new IllegalStateException("loading the synthetic vectors failed: " + e.getMessage(), e);
        }
    }

    static void write(Path file, String text, java.nio.charset.Charset charset) {
        try {
            Files.writeString(file, text, charset);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {p50 ms, p99 ms, requests/s} from wrk's latency distribution. */
    static double[] wrk(String url, Path script, int clients, int seconds) {
        List<String> command = List.of("wrk", "-t" + Math.min(2, clients), "-c" + clients, "-d" + seconds + "s",
                "--latency", "-s", script.toString(), url);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("wrk failed: " + out);
            }
            if (out.contains("Non-2xx")) {
                throw new IllegalStateException("wrk saw error answers: " + out);
            }
            return new double[] {percentile(out, "50%"), percentile(out, "99%"), number(out, "Requests/sec:\\s+([0-9.]+)")};
        } catch (IOException e) {
            throw new IllegalStateException("running wrk failed (scripts/setup installs it): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static double percentile(String wrk, String label) {
        Matcher m = Pattern.compile("\\s" + Pattern.quote(label) + "\\s+([0-9.]+)(us|ms|s)").matcher(wrk);
        if (!m.find()) {
            throw new IllegalStateException("no " + label + " in wrk's output: " + wrk);
        }
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> v / 1000;
            case "s" -> v * 1000;
            default -> v;
        };
    }

    private static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** {p50 ms, p99 ms, queries/s}: what the API does for one request, over JDBC, from {@code clients} threads. */
    private static double[] jdbc(ModelIdentity model, int vectors, int clients, int seconds) {
        String similar = SimilarityRepository.similarSql(model);
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<List<Long>>> runs = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            int seed = t;
            runs.add(pool.submit(() -> {
                List<Long> latencies = new ArrayList<>();
                Random random = new Random(seed);
                try (Connection c = TestDatabase.connect(TestDatabase.NAME);
                     PreparedStatement vector = c.prepareStatement(
                             "SELECT vector FROM embedding WHERE collection_id = 1 AND token_id = ? AND model_id = ?");
                     PreparedStatement nearest = c.prepareStatement(similar);
                     Statement st = c.createStatement()) {
                    while (System.nanoTime() < until) {
                        long start = System.nanoTime();
                        long token = 1 + random.nextInt(vectors);
                        c.setAutoCommit(false);
                        st.execute(hnswSettings(K));
                        ids(nearest, vectorOf(vector, token, model), token);
                        c.commit();
                        latencies.add(System.nanoTime() - start);
                    }
                }
                return latencies;
            }));
        }
        List<Long> all = new ArrayList<>();
        try {
            for (Future<List<Long>> f : runs) {
                all.addAll(f.get());
            }
        } catch (Exception e) {
            throw new IllegalStateException("the JDBC load failed: " + e.getMessage(), e);
        } finally {
            pool.shutdown();
        }
        long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
        return new double[] {sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6,
                sorted.length / (double) seconds};
    }

    /** The share of the exact top k (no index) that the HNSW query returns, over random query tokens. */
    private static double recall(ModelIdentity model, int vectors, int queries) {
        String similar = SimilarityRepository.similarSql(model);
        Random random = new Random(99);
        double sum = 0;
        try (Connection c = TestDatabase.connect(TestDatabase.NAME); Statement st = c.createStatement();
             PreparedStatement vector = c.prepareStatement(
                     "SELECT vector FROM embedding WHERE collection_id = 1 AND token_id = ? AND model_id = ?");
             PreparedStatement nearest = c.prepareStatement(similar)) {
            c.setAutoCommit(false);
            for (int q = 0; q < queries; q++) {
                long token = 1 + random.nextInt(vectors);
                PGvector query = vectorOf(vector, token, model);
                st.execute(hnswSettings(K));
                Set<Long> approximate = ids(nearest, query, token);
                st.execute("SET LOCAL enable_indexscan = off");
                Set<Long> exact = ids(nearest, query, token);
                c.commit();
                approximate.retainAll(exact);
                sum += approximate.size() / (double) K;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("measuring recall failed: " + e.getMessage(), e);
        }
        return sum / queries;
    }

    private static PGvector vectorOf(PreparedStatement vector, long token, ModelIdentity model) throws SQLException {
        vector.setLong(1, token);
        vector.setInt(2, model.id());
        try (ResultSet rs = vector.executeQuery()) {
            rs.next();
            return new PGvector(rs.getString(1));
        }
    }

    private static Set<Long> ids(PreparedStatement nearest, PGvector query, long token) throws SQLException {
        nearest.setObject(1, query);
        nearest.setLong(2, 1);
        nearest.setBigDecimal(3, BigDecimal.valueOf(token));
        nearest.setInt(4, K);
        Set<Long> ids = new HashSet<>();
        try (ResultSet rs = nearest.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }
}
