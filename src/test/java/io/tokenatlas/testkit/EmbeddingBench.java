package io.tokenatlas.testkit;

import io.tokenatlas.config.EmbeddingConfig;
import io.tokenatlas.embedding.OnnxEmbedder;
import io.tokenatlas.embedding.Preprocessor;
import io.tokenatlas.media.Thumbnails;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The embedding row of scripts/bench: images per second through the daemon's whole embedding
 * pipeline (stored thumbnail -> decode -> preprocess -> infer -> insert) beside raw ONNX Runtime
 * on the same preprocessed tensors, at batch sizes 1, 8 and 32, in the same run; and the daemon's
 * peak RSS.
 */
final class EmbeddingBench {
    static final int[] BATCHES = {1, 8, 32};
    static final int WARM_UP = 48;

    private EmbeddingBench() {}

    static List<Bench.Row> rows(int images, Path logs) {
        List<byte[]> pngs = new ArrayList<>();
        for (int i = 0; i < images + WARM_UP; i++) {
            pngs.add(i % 2 == 0 ? FamilyArt.draw(i % FamilyArt.FAMILIES.size(), 700 + i).png()
                    : Thumbnails.png(Thumbnails.fit(PaletteArt.draw(i % PaletteArt.FAMILIES.size(), 700 + i), 256)));
        }
        List<BufferedImage> decoded = new ArrayList<>();
        for (byte[] png : pngs) {
            decoded.add(read(png));
        }
        double[] raw = rawRates(decoded, BATCHES);
        List<Bench.Row> rows = new ArrayList<>();
        long peak = 0;
        try (Anvil anvil = Anvil.start(0, logs.resolve("anvil-embed.log"))) {
            for (int b = 0; b < BATCHES.length; b++) {
                TestDatabase.reset(TestDatabase.NAME);
                Map<String, String> config = DaemonProcess.config(TestDatabase.NAME, anvil.rpcUrl(), "http://127.0.0.1:9");
                config.put("atlas.embedding.batch-size", Integer.toString(BATCHES[b]));
                // The pipeline alone: the maps and descriptor fits that follow an ingest (measured by
                // the ingest rows) took 7 of the 24 core-seconds of a 12 s batch-32 run here.
                config.put("atlas.layout.enabled", "false");
                // Settings to try, e.g. -Dbench.atlas.embedding.prepare-threads=1 (scripts/bench passes JAVA_OPTS).
                System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("bench.atlas."))
                        .forEach(k -> config.put(k.substring("bench.".length()), System.getProperty(k)));
                try (DaemonProcess daemon = DaemonProcess.start(config, logs.resolve("daemon-embed-" + BATCHES[b] + ".log"), 0)) {
                    insert(1, pngs.subList(0, WARM_UP));
                    embedded(1, WARM_UP);
                    AtlasClient api = new AtlasClient(daemon.url());
                    double inferBefore = inferenceSeconds(api);
                    insert(2, pngs.subList(WARM_UP, pngs.size()));
                    double[] run = embedded(2, images);
                    double seconds = run[0];
                    double infer = inferenceSeconds(api) - inferBefore;
                    double rate = run[1];
                    double ratio = rate / raw[b];
                    peak = Math.max(peak, daemon.peakRssMiB());
                    rows.add(new Bench.Row("Embedding: images/s, batch " + BATCHES[b] + ", " + images + " images",
                            String.format("%.1f images/s (whole pipeline)", rate),
                            String.format("%.1f images/s (raw ONNX Runtime, same tensors)", raw[b]),
                            ratio, ">= 0.85", ratio >= 0.85,
                            String.format("ONNX Runtime ran %.1f s of the pipeline's %.1f s; ", infer, seconds)
                                    + "MobileNetV2 (uint8 QDQ); the pipeline reads stored 256 px PNG thumbnails from PostgreSQL, decodes,"
                                    + " preprocesses, adds the colour descriptor, infers and inserts vector and tags; the"
                                    + " reference runs ONNX Runtime alone on tensors preprocessed beforehand; maps off"));
                }
            }
        }
        rows.add(new Bench.Row("Memory: daemon peak RSS while embedding", peak + " MiB (VmHWM)", "768 MiB (the goal)",
                peak / 768.0, "<= 1.00", peak <= 768, "-Xmx1g; the highest of the three embedding runs above"));
        return rows;
    }

    /** The daemon's total time inside ONNX Runtime so far, from its metrics. */
    private static double inferenceSeconds(AtlasClient api) {
        String metrics = new String(api.bytes(api.base() + "/q/metrics").body(), java.nio.charset.StandardCharsets.UTF_8);
        for (String line : metrics.split("\n")) {
            if (line.startsWith("atlas_embedding_batch_duration_seconds_sum{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private static BufferedImage read(byte[] png) {
        try {
            return ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Images per second of raw ONNX Runtime (the daemon's default model) on {@code images} at each
     * batch size, on tensors preprocessed beforehand; the first {@link #WARM_UP} images warm it up.
     */
    static double[] rawRates(List<BufferedImage> images, int... batches) {
        double[] raw = new double[batches.length];
        try (OnnxEmbedder embedder = new OnnxEmbedder(Tools.model(Tools.MOBILENET_V2), "input", "embedding", 1280, 224,
                EmbeddingConfig.TensorLayout.NCHW, null, 0, 0)) {
            Preprocessor preprocessor = new Preprocessor(224, List.of(127.5f, 127.5f, 127.5f), List.of(127.5f, 127.5f, 127.5f));
            List<float[]> tensors = new ArrayList<>();
            for (BufferedImage image : images) {
                tensors.add(preprocessor.tensor(image));
            }
            for (int b = 0; b < batches.length; b++) {
                rawRate(embedder, tensors.subList(0, WARM_UP), batches[b]);
                raw[b] = rawRate(embedder, tensors.subList(WARM_UP, tensors.size()), batches[b]);
            }
        }
        return raw;
    }

    private static double rawRate(OnnxEmbedder embedder, List<float[]> tensors, int batch) {
        int length = tensors.getFirst().length;
        long start = System.nanoTime();
        for (int i = 0; i < tensors.size(); i += batch) {
            int n = Math.min(batch, tensors.size() - i);
            float[] input = new float[n * length];
            for (int j = 0; j < n; j++) {
                System.arraycopy(tensors.get(i + j), 0, input, j * length, length);
            }
            embedder.embed(input, n);
        }
        return tensors.size() / ((System.nanoTime() - start) / 1e9);
    }

    /** A paused collection whose tokens wait in IMAGE_FETCHED with stored thumbnails, then released at once. */
    private static void insert(long collection, List<byte[]> pngs) {
        try (Connection c = TestDatabase.connect(TestDatabase.NAME)) {
            try (Statement st = c.createStatement()) {
                st.execute("INSERT INTO collection (id, chain_id, address, from_block, from_block_source, cursor_block, status)"
                        + " VALUES (" + collection + ", 31337, '0x" + String.format("%040x", 0xbe0c000L + collection)
                        + "', 0, 'given', 0, 'PAUSED')");
            }
            // With the fingerprint and placeholder the image stage makes, so no background backfill of them
            // competes with the embedding measured.
            try (PreparedStatement media = c.prepareStatement("INSERT INTO media (sha256, mime_type, width, height,"
                    + " byte_size, thumbnail, phash, centre_phash, grey, hash_version, placeholder)"
                    + " VALUES (?, 'image/png', 256, 256, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
                 PreparedStatement token = c.prepareStatement("INSERT INTO token (collection_id, token_id, minted_block,"
                         + " state, media_sha256) VALUES (?, ?, 0, 'IMAGE_FETCHED', ?)")) {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                for (int i = 0; i < pngs.size(); i++) {
                    String digest = HexFormat.of().formatHex(sha.digest(pngs.get(i)));
                    media.setString(1, digest);
                    media.setLong(2, pngs.get(i).length);
                    media.setBytes(3, pngs.get(i));
                    java.awt.image.BufferedImage picture = io.tokenatlas.media.Thumbnails.readPng(pngs.get(i));
                    io.tokenatlas.media.PerceptualHash.Fingerprint print = io.tokenatlas.media.PerceptualHash.fingerprint(picture);
                    media.setLong(4, print.hash());
                    media.setLong(5, print.centreHash());
                    media.setBytes(6, print.grey());
                    media.setInt(7, io.tokenatlas.media.PerceptualHash.VERSION);
                    media.setString(8, io.tokenatlas.media.BlurHash.of(picture));
                    media.executeUpdate();
                    token.setLong(1, collection);
                    token.setLong(2, i + 1);
                    token.setString(3, digest);
                    token.executeUpdate();
                }
            }
            try (Statement st = c.createStatement()) {
                st.execute("UPDATE collection SET status = 'FOLLOWING' WHERE id = " + collection);
            }
        } catch (SQLException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("preparing the embedding bench failed: " + e.getMessage(), e);
        }
    }

    /**
     * {seconds until every token of the collection is embedded, images per second from the first
     * embedded one to the last}: the rate leaves out the wait for the stage's next poll.
     */
    private static double[] embedded(long collection, int count) {
        long began = System.nanoTime();
        long firstAt = 0;
        int firstCount = 0;
        try (Connection c = TestDatabase.connect(TestDatabase.NAME); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM token WHERE collection_id = ? AND state = 'EMBEDDED'")) {
            ps.setLong(1, collection);
            while (true) {
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    int n = rs.getInt(1);
                    long now = System.nanoTime();
                    if (firstAt == 0 && n > 0) {
                        firstAt = now;
                        firstCount = n;
                    }
                    if (n == count) {
                        double rate = now > firstAt && count > firstCount ? (count - firstCount) / ((now - firstAt) / 1e9)
                                : count / ((now - began) / 1e9);
                        return new double[] {(now - began) / 1e9, rate};
                    }
                }
                if (System.nanoTime() - began > Duration.ofMinutes(10).toNanos()) {
                    throw new IllegalStateException("embedding " + count + " images took over 10 minutes");
                }
                Waits.sleep(firstAt == 0 ? 5 : 50);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
