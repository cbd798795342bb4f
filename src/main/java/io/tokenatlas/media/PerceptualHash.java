package io.tokenatlas.media;

import java.awt.image.BufferedImage;

/**
 * A 64-bit perceptual hash (the DCT "pHash"): the picture in 32x32 grey, its 2-D DCT, and one bit
 * per low frequency of the top-left 8x8 block set when that coefficient is above their median.
 * Copies that are rescaled, recompressed or slightly recoloured differ in a few bits; unrelated
 * pictures in about half. Pure.
 */
public final class PerceptualHash {
    private static final int N = 32;
    private static final double[][] COS = new double[N][N];

    static {
        for (int u = 0; u < N; u++) {
            for (int x = 0; x < N; x++) {
                COS[u][x] = Math.cos((2 * x + 1) * u * Math.PI / (2 * N));
            }
        }
    }

    private PerceptualHash() {}

    public static long of(BufferedImage image) {
        BufferedImage small = Thumbnails.scale(Thumbnails.fit(image, 4 * N), N, N);
        double[][] grey = new double[N][N];
        for (int y = 0; y < N; y++) {
            for (int x = 0; x < N; x++) {
                int rgb = small.getRGB(x, y);
                grey[y][x] = 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
            }
        }
        double[] low = new double[64];
        for (int v = 0; v < 8; v++) {
            for (int u = 0; u < 8; u++) {
                double sum = 0;
                for (int y = 0; y < N; y++) {
                    double row = 0;
                    for (int x = 0; x < N; x++) {
                        row += grey[y][x] * COS[u][x];
                    }
                    sum += row * COS[v][y];
                }
                low[v * 8 + u] = sum;
            }
        }
        double[] sorted = java.util.Arrays.copyOfRange(low, 1, 64); // the DC term says only how bright
        java.util.Arrays.sort(sorted);
        double median = sorted[31];
        long hash = 0;
        for (int i = 0; i < 64; i++) {
            if (low[i] > median) {
                hash |= 1L << i;
            }
        }
        return hash;
    }

    /** Bits that differ between two hashes (0 = same picture, about 32 = unrelated). */
    public static int distance(long a, long b) {
        return Long.bitCount(a ^ b);
    }
}
