package io.tokenatlas.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenatlas.layout.Grid;
import io.tokenatlas.media.Thumbnails;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The explorer at scale: a synthetic collection of n tokens, each with its own thumbnail, on a map
 * of 20 clusters, served by the daemon and drawn by the page in Debian's Chromium while it pans,
 * zooms and switches to the grid (scripts/node/explorer-bench.mjs). Each draw's duration is set
 * beside one frame at 60 Hz.
 */
final class ExplorerBench {
    static final double FRAME_MS = 1000.0 / 60;

    private ExplorerBench() {}

    static Bench.Row row(int tokens, Path logs) {
        TestDatabase.reset(TestDatabase.NAME);
        Map<String, String> config = DaemonProcess.config(TestDatabase.NAME, "http://127.0.0.1:9", "http://127.0.0.1:9");
        config.put("atlas.worker.enabled", "false");
        config.put("atlas.layout.enabled", "false");
        try (DaemonProcess daemon = DaemonProcess.start(config, logs.resolve("daemon-explorer.log"), 0)) {
            load(tokens);
            JsonNode seen = BrowserScript.run("explorer-bench.mjs", logs.resolve("explorer-bench.log"),
                    java.time.Duration.ofMinutes(15), daemon.url() + "/#c=1", Integer.toString(tokens), logs.toString());
            if (seen.has("error")) {
                throw new IllegalStateException("the browser run stopped: " + seen.get("error").asText());
            }
            double[] draws = new double[seen.get("draws").size()];
            for (int i = 0; i < draws.length; i++) {
                draws[i] = seen.get("draws").get(i).asDouble();
            }
            Arrays.sort(draws);
            double p50 = draws[draws.length / 2];
            double p95 = draws[(int) (draws.length * 0.95)];
            return new Bench.Row("Explorer: draw time per frame, " + tokens + " tokens",
                    String.format("p50 %.1f ms, p95 %.1f ms over %d draws", p50, p95, draws.length),
                    String.format("%.1f ms (one frame at 60 Hz)", FRAME_MS), p95 / FRAME_MS, "p95 <= 1.00",
                    p95 <= FRAME_MS,
                    String.format("headless Chromium with --disable-gpu (software canvas, so a pessimistic figure); pans"
                            + " over the whole map and zoomed in, zooms, the switch to the grid; every token a distinct"
                            + " thumbnail from the texture atlas; first view: map in %.1f s, thumbnails in %.1f s",
                            seen.get("mapMs").asDouble() / 1000, seen.get("thumbnailsMs").asDouble() / 1000));
        }
    }

    /** Tokens with thumbnails of their own, a map version placing them in 20 clusters, and its grid. */
    private static void load(int tokens) {
        Random random = new Random(5);
        Grid grid = Grid.forCount(tokens);
        List<Integer> cells = new ArrayList<>();
        for (int i = 0; i < grid.cells(); i++) {
            cells.add(i);
        }
        java.util.Collections.shuffle(cells, random);
        double[][] centres = new double[20][2];
        for (double[] c : centres) {
            c[0] = 0.1 + 0.8 * random.nextDouble();
            c[1] = 0.1 + 0.8 * random.nextDouble();
        }
        try (Connection c = TestDatabase.connect(TestDatabase.NAME)) {
            try (Statement st = c.createStatement()) {
                st.execute("INSERT INTO model (name, sha256, dimension) VALUES ('bench-explorer', 'none', 4)"
                        + " ON CONFLICT (name, sha256) DO NOTHING");
                st.execute("INSERT INTO collection (id, chain_id, address, from_block, from_block_source, cursor_block,"
                        + " status, serving_model_id) SELECT 1, 31337, '0x" + "0".repeat(39) + "2', 0, 'given', 0,"
                        + " 'PAUSED', id FROM model WHERE name = 'bench-explorer'");
                st.execute("INSERT INTO layout_version (collection_id, version, model_id, token_count, grid_cols,"
                        + " grid_rows, params, inputs_read_at) SELECT 1, 1, id, " + tokens + ", " + grid.cols() + ", "
                        + grid.rows() + ", '{}', now() FROM model WHERE name = 'bench-explorer'");
                for (int k = 0; k < centres.length; k++) {
                    st.execute("INSERT INTO layout_cluster (layout_id, cluster, name, size, x, y) SELECT id, " + k
                            + ", 'Family " + (k + 1) + "', 0, " + centres[k][0] + ", " + centres[k][1]
                            + " FROM layout_version");
                }
            }
            c.setAutoCommit(false);
            try (PreparedStatement media = c.prepareStatement("INSERT INTO media (sha256, mime_type, width, height,"
                    + " byte_size, thumbnail) VALUES (?, 'image/png', 64, 64, 0, ?)");
                 PreparedStatement token = c.prepareStatement("INSERT INTO token (collection_id, token_id, minted_block,"
                         + " state, media_sha256) VALUES (1, ?, 1, 'EMBEDDED', ?)");
                 PreparedStatement point = c.prepareStatement("INSERT INTO layout_point (layout_id, collection_id,"
                         + " token_id, x, y, cell, cluster) SELECT id, 1, ?, ?, ?, ?, ? FROM layout_version")) {
                for (int t = 1; t <= tokens; t++) {
                    int cluster = random.nextInt(centres.length);
                    String sha = String.format("%064x", t);
                    media.setString(1, sha);
                    media.setBytes(2, thumbnail(cluster, random));
                    media.addBatch();
                    token.setLong(1, t);
                    token.setString(2, sha);
                    token.addBatch();
                    point.setLong(1, t);
                    point.setFloat(2, (float) clamp(centres[cluster][0] + 0.05 * random.nextGaussian()));
                    point.setFloat(3, (float) clamp(centres[cluster][1] + 0.05 * random.nextGaussian()));
                    point.setInt(4, cells.get(t - 1));
                    point.setInt(5, cluster);
                    point.addBatch();
                    if (t % 1000 == 0 || t == tokens) {
                        media.executeBatch();
                        token.executeBatch();
                        point.executeBatch();
                    }
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("loading the synthetic collection failed: " + e.getMessage(), e);
        }
    }

    /** A 64 px picture in its cluster's hue with a few random shapes, so that every token looks different. */
    static byte[] thumbnail(int cluster, Random random) {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.getHSBColor(cluster / 20f, 0.6f, 0.9f));
        g.fillRect(0, 0, 64, 64);
        for (int i = 0; i < 4; i++) {
            g.setColor(Color.getHSBColor(random.nextFloat(), 0.8f, 0.5f + random.nextFloat() / 2));
            g.fillOval(random.nextInt(48), random.nextInt(48), 8 + random.nextInt(24), 8 + random.nextInt(24));
        }
        g.dispose();
        return Thumbnails.png(image);
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
