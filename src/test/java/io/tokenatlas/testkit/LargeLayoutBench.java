package io.tokenatlas.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.postgresql.PGConnection;

/**
 * The memory-at-scale rows of scripts/bench: one collection of {@code tokens} tokens with stored
 * vectors as wide as the daemon's model (1424 values, 40 families) and a distinct 64 px thumbnail
 * each, committed at once as a bulk ingest ends; the daemon (run as its image runs in a 768 MiB container)
 * computes its first map (descriptor fit, PCA, UMAP, grid, clusters), then draws the mosaic and
 * the explorer's texture atlas. Each row has the time and the daemon's peak RSS so far (VmHWM).
 */
final class LargeLayoutBench {
    static final int FAMILIES = 40;
    /** What the container image runs in: a 768 MiB memory limit. */
    static final int CONTAINER_MIB = 768;
    private static final ObjectMapper JSON = new ObjectMapper();

    private LargeLayoutBench() {}

    static List<Bench.Row> rows(int tokens, Path logs) {
        TestDatabase.reset(TestDatabase.NAME);
        Map<String, String> config = DaemonProcess.config(TestDatabase.NAME, "http://127.0.0.1:9", "http://127.0.0.1:9");
        config.put("atlas.worker.enabled", "false");
        List<Bench.Row> rows = new ArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        try (DaemonProcess daemon = DaemonProcess.inContainer(config, logs.resolve("daemon-large-layout.log"), CONTAINER_MIB)) {
            long start = load(tokens);
            JsonNode map;
            try {
                map = Waits.until(Duration.ofMinutes(20), "the first map of " + tokens + " tokens", () -> {
                    if (failure(daemon.log()).contains("OutOfMemoryError")) {
                        throw new AssertionError("the recompute ran out of memory");
                    }
                    JsonNode m = get(http, daemon.url() + "/api/v1/collections/1/map");
                    return m != null && m.path("tokenCount").asInt() >= tokens ? m : null;
                });
            } catch (AssertionError e) {
                // No map: the row says why, as the daemon logged it; the mosaic and atlas need a map.
                rows.add(new Bench.Row("Layout of " + tokens + " tokens (first map after a bulk load)",
                        String.format("no map after %.0f s, peak RSS %d MiB", (System.nanoTime() - start) / 1e9,
                                daemon.peakRssMiB()), "768 MiB (the goal)", daemon.peakRssMiB() / 768.0, "RSS <= 768 MiB",
                        false, "the daemon logged: " + failure(daemon.log())));
                return rows;
            }
            double layoutSeconds = (System.nanoTime() - start) / 1e9;
            long afterLayout = daemon.peakRssMiB();
            rows.add(row("Layout of " + tokens + " tokens (first map after a bulk load)", layoutSeconds, afterLayout,
                    "descriptor fit and projection of every token, PCA to 50 on a 5,000-vector sample, UMAP, grid, clusters;"
                            + " 1424-d stored vectors in " + FAMILIES + " families; " + map.path("grid").toString(), daemon));

            long t0 = System.nanoTime();
            long mosaicBytes = bytes(http, daemon.url() + "/api/v1/collections/1/mosaic.png?cell=8");
            rows.add(row("Mosaic of " + tokens + " tokens, 8 px cells", (System.nanoTime() - t0) / 1e9,
                    daemon.peakRssMiB(), "one PNG of " + mosaicBytes / 1024 + " KiB, drawn a band of cells at a time", daemon));

            t0 = System.nanoTime();
            JsonNode atlas = get(http, daemon.url() + "/api/v1/collections/1/atlas?cell=32");
            long sheetBytes = 0;
            for (JsonNode sheet : atlas.get("sheets")) {
                sheetBytes += bytes(http, sheet.asText());
            }
            rows.add(row("Explorer atlas of " + tokens + " tokens, 32 px cells", (System.nanoTime() - t0) / 1e9,
                    daemon.peakRssMiB(), "the index and all " + atlas.get("sheets").size() + " sheets ("
                            + sheetBytes / 1024 / 1024 + " MiB of PNG), as the explorer loads them", daemon));
        }
        return rows;
    }

    /** What the daemon logged of a failed recompute: an OutOfMemoryError and where it was thrown, else the last failure. */
    private static String failure(Path log) {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(log);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                int at = line.indexOf("java.lang.OutOfMemoryError");
                if (at >= 0) {
                    String where = i + 1 < lines.size() ? lines.get(i + 1).strip() : "";
                    return line.substring(at) + " " + where;
                }
            }
            return lines.stream().filter(l -> l.contains("layout recompute failed")).reduce((a, b) -> b)
                    .map(l -> l.substring(l.indexOf("collection "))).orElse("no failure");
        } catch (java.io.IOException e) {
            return "(its log could not be read: " + e.getMessage() + ")";
        }
    }

    private static Bench.Row row(String what, double seconds, long peakMiB, String note, DaemonProcess daemon) {
        return new Bench.Row(what, String.format("%.1f s, peak RSS %d MiB", seconds, peakMiB), "768 MiB (the goal)",
                peakMiB / 768.0, "RSS <= 768 MiB", peakMiB <= 768, note + "; " + daemon.jvmSettings()
                        + " and MALLOC_ARENA_MAX=2, as the image runs in a 768 MiB container;"
                        + " RSS is the daemon's VmHWM since it started");
    }

    /** Loads the collection in one transaction; returns when it committed (System.nanoTime). */
    private static long load(int tokens) {
        Random random = new Random(7);
        try (Connection c = TestDatabase.connect(TestDatabase.NAME); Statement st = c.createStatement()) {
            ResultSet rs = st.executeQuery("SELECT id, dimension FROM model ORDER BY id DESC LIMIT 1");
            rs.next();
            int model = rs.getInt(1);
            int dimension = rs.getInt(2);
            // The model's HNSW index is not what this measures; 100,000 wide inserts into it would take long.
            st.execute("DROP INDEX IF EXISTS embedding_hnsw_model_" + model);
            c.setAutoCommit(false);
            st.execute("INSERT INTO collection (id, chain_id, address, from_block, from_block_source, cursor_block,"
                    + " status, serving_model_id) VALUES (1, 31337, '0x" + "0".repeat(39) + "1', 0, 'given', 0, 'PAUSED', "
                    + model + ")");
            float[][] centres = new float[FAMILIES][dimension];
            for (float[] centre : centres) {
                for (int d = 0; d < dimension; d++) {
                    centre[d] = (float) Math.abs(random.nextGaussian());
                }
            }
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            try (PreparedStatement media = c.prepareStatement("INSERT INTO media (sha256, mime_type, width, height,"
                    + " byte_size, thumbnail, hash_version) VALUES (?, 'image/png', 64, 64, 0, ?, 0)")) {
                int chunk = 1_000;
                for (int from = 1; from <= tokens; from += chunk) {
                    StringBuilder tokenRows = new StringBuilder();
                    StringBuilder vectorRows = new StringBuilder();
                    for (int t = from; t < Math.min(tokens + 1, from + chunk); t++) {
                        int family = random.nextInt(FAMILIES);
                        String sha = String.format("%064x", t);
                        media.setString(1, sha);
                        media.setBytes(2, ExplorerBench.thumbnail(family, random));
                        media.addBatch();
                        tokenRows.append("1\t").append(t).append("\t0\tEMBEDDED\t").append(sha).append('\n');
                        vectorRows.append("1\t").append(t).append('\t').append(model).append("\t[");
                        for (int d = 0; d < dimension; d++) {
                            if (d > 0) {
                                vectorRows.append(',');
                            }
                            vectorRows.append(Math.max(0f, centres[family][d] + 0.3f * (float) random.nextGaussian()));
                        }
                        vectorRows.append("]\n");
                    }
                    media.executeBatch();
                    copy.copyIn("COPY token (collection_id, token_id, minted_block, state, media_sha256) FROM STDIN",
                            new StringReader(tokenRows.toString()));
                    copy.copyIn("COPY embedding (collection_id, token_id, model_id, vector) FROM STDIN",
                            new StringReader(vectorRows.toString()));
                }
            }
            c.commit();
            return System.nanoTime();
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("loading the large collection failed: " + e.getMessage(), e);
        }
    }

    private static JsonNode get(HttpClient http, String url) {
        try {
            HttpResponse<String> r = http.send(request(url), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("GET " + url + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long bytes(HttpClient http, String url) {
        try {
            HttpResponse<byte[]> r = http.send(request(url), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + url + " answered " + r.statusCode() + ": "
                        + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
            }
            return r.body().length;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("GET " + url + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(10)).header("X-API-Key", AtlasClient.KEY)
                .build();
    }
}
