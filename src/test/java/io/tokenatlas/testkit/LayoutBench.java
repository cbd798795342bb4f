package io.tokenatlas.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenatlas.layout.GridAssignment;
import io.tokenatlas.layout.LayoutQuality;
import io.tokenatlas.layout.PcaProjection;
import io.tokenatlas.layout.UmapProjection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The layout rows: the daemon's UMAP (Smile, after PCA) beside Debian's umap-learn on the same
 * vectors, wall time and quality (trustworthiness and 10-NN preservation, both computed here the
 * same way for both maps); and the grid's 10-NN preservation beside sp-mosaic's sorted columns on
 * the same map.
 */
public final class LayoutBench {
    static final int K = 10;
    static final int DIMENSIONS = 256;

    private LayoutBench() {}

    public static List<Bench.Row> rows(int[] sizes, Path logs) {
        try {
            Files.createDirectories(logs);
            // JIT warm-up for Smile, as umap-learn's script warms numba up before timing.
            UmapProjection.project(vectors(500, 99), UmapProjection.Params.defaults(1));
            List<Bench.Row> rows = new ArrayList<>();
            for (int n : sizes) {
                rows.addAll(rowsFor(n, logs));
            }
            return rows;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Bench.Row> rowsFor(int n, Path logs) throws IOException {
        double[][] data = vectors(n, n);
        long start = System.nanoTime();
        double[][] ours = UmapProjection.project(data, UmapProjection.Params.defaults(1));
        double ourSeconds = (System.nanoTime() - start) / 1e9;

        Path in = logs.resolve("layout-" + n + "-in.bin");
        Path out = logs.resolve("layout-" + n + "-out.bin");
        write(in, data);
        double refSeconds = umapLearn(in, out, logs.resolve("umap-learn-" + n + ".log"));
        double[][] reference = PcaProjection.normalise(read(out));

        int[][] truth = LayoutQuality.nearest(data, K);
        double ourTrust = LayoutQuality.trustworthiness(data, ours, K);
        double refTrust = LayoutQuality.trustworthiness(data, reference, K);
        double ourKnn = LayoutQuality.preservation(truth, LayoutQuality.nearest(ours, K));
        double refKnn = LayoutQuality.preservation(truth, LayoutQuality.nearest(reference, K));
        double ratio = refSeconds / ourSeconds;
        boolean met = ratio >= 1 && ourTrust >= refTrust - 0.02;
        List<Bench.Row> rows = new ArrayList<>();
        rows.add(new Bench.Row("Layout: UMAP, " + n + " tokens (" + DIMENSIONS + "-d)",
                String.format("%.1f s, trustworthiness %.4f, 10-NN %.3f (Smile, PCA to 50)", ourSeconds, ourTrust, ourKnn),
                String.format("%.1f s, trustworthiness %.4f, 10-NN %.3f (umap-learn 0.5.3)", refSeconds, refTrust, refKnn),
                ratio, "speed >= 1.00, trustworthiness within 0.02", met,
                "ratio = umap-learn time / ours; 15 neighbours, min-dist 0.1, default epochs; synthetic vectors: 20 "
                        + "families of 10 sub-families"));

        start = System.nanoTime();
        GridAssignment.Result grid = GridAssignment.assign(ours, 1000);
        double gridSeconds = (System.nanoTime() - start) / 1e9;
        GridAssignment.Result sorted = GridAssignment.sortedColumns(ours);
        double gridKnn = LayoutQuality.preservation(truth, LayoutQuality.nearestInGrid(grid.grid(), grid.cells(), K));
        double sortedKnn = LayoutQuality.preservation(truth, LayoutQuality.nearestInGrid(sorted.grid(), sorted.cells(), K));
        double gridRatio = gridKnn / sortedKnn;
        rows.add(new Bench.Row("Grid: 10-NN preservation, " + n + " tokens",
                String.format("%.3f (%s, %.2f s)", gridKnn, grid.method().name().toLowerCase(), gridSeconds),
                String.format("%.3f (sp-mosaic: sort by x into columns, then by y)", sortedKnn),
                gridRatio, ">= 1.40", gridRatio >= 1.4,
                "share of each token's 10 nearest vectors among its 10 nearest cells, on the same map"));
        return rows;
    }

    /** Runs scripts/umap-baseline.py; returns its fit's wall time. */
    private static double umapLearn(Path in, Path out, Path log) throws IOException {
        Process p = new ProcessBuilder("/usr/bin/python3", Tools.root().resolve("scripts/umap-baseline.py").toString(),
                in.toString(), out.toString()).redirectError(log.toFile()).start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IllegalStateException("umap-learn failed (is Debian's umap-learn installed? scripts/setup "
                        + "installs it); see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        JsonNode result = new ObjectMapper().readTree(stdout.lines().reduce((a, b) -> b).orElseThrow());
        return result.get("seconds").asDouble();
    }

    /** 20 families of 10 sub-families in {@value #DIMENSIONS} dimensions. */
    static double[][] vectors(int n, long seed) {
        return FamilyVectors.generate(n, DIMENSIONS, 20, 10, seed, null);
    }

    private static void write(Path path, double[][] m) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 + m.length * m[0].length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(m.length).putInt(m[0].length);
        for (double[] row : m) {
            for (double v : row) {
                b.putDouble(v);
            }
        }
        Files.write(path, b.array());
    }

    private static double[][] read(Path path) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN);
        int n = b.getInt();
        int d = b.getInt();
        double[][] m = new double[n][d];
        for (double[] row : m) {
            for (int j = 0; j < d; j++) {
                row[j] = b.getDouble();
            }
        }
        return m;
    }
}
