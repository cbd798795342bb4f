package io.tokenatlas.embedding;

import io.tokenatlas.media.Thumbnails;
import java.awt.image.BufferedImage;
import java.util.HashMap;
import java.util.Map;

/**
 * A picture's palette as a vector: a histogram in CIELAB (perceptual: equal steps look equally
 * different) over the pixels that are not the background, square-rooted and L2-normalised. The
 * background is the commonest colour of the border; a picture that is all background keeps every
 * pixel. Pure.
 */
public final class ColourDescriptor {
    static final int L_BINS = 4;
    static final int AB_BINS = 6;
    /** Length of the descriptor. */
    public static final int DIMENSION = L_BINS * AB_BINS * AB_BINS;
    private static final double AB_RANGE = 80;
    private static final int BACKGROUND_DISTANCE = 24;

    /** Each sRGB level in linear light. */
    private static final double[] LINEAR = new double[256];

    static {
        for (int v = 0; v < 256; v++) {
            LINEAR[v] = linear(v / 255.0);
        }
    }

    private ColourDescriptor() {}

    public static float[] of(BufferedImage image) {
        BufferedImage small = Thumbnails.fit(image, 64);
        int w = small.getWidth();
        int h = small.getHeight();
        int[] rgb = Thumbnails.argb(small);
        int background = borderMode(rgb, w, h);
        float[] histogram = new float[DIMENSION];
        int counted = fill(histogram, rgb, background, true);
        if (counted == 0) {
            fill(histogram, rgb, background, false);
        }
        for (int i = 0; i < histogram.length; i++) {
            histogram[i] = (float) Math.sqrt(histogram[i]);
        }
        return Vectors.normalise(histogram);
    }

    private static int fill(float[] histogram, int[] rgb, int background, boolean skipBackground) {
        int counted = 0;
        for (int p : rgb) {
            if (skipBackground && distance(p, background) < BACKGROUND_DISTANCE) {
                continue;
            }
            histogram[bin(p)]++;
            counted++;
        }
        return counted;
    }

    /** The commonest colour of the border, quantised to 5 bits a channel so that noise does not split it. */
    static int borderMode(int[] rgb, int w, int h) {
        Map<Integer, Integer> counts = new HashMap<>();
        int best = rgb[0];
        int bestCount = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (y != 0 && y != h - 1 && x != 0 && x != w - 1) {
                    continue;
                }
                int p = rgb[y * w + x];
                int n = counts.merge(p & 0xf8f8f8, 1, Integer::sum);
                if (n > bestCount) {
                    bestCount = n;
                    best = p;
                }
            }
        }
        return best;
    }

    private static double distance(int a, int b) {
        int dr = ((a >> 16) & 0xff) - ((b >> 16) & 0xff);
        int dg = ((a >> 8) & 0xff) - ((b >> 8) & 0xff);
        int db = (a & 0xff) - (b & 0xff);
        return Math.sqrt(dr * dr + dg * dg + db * db);
    }

    static int bin(int rgb) {
        // As lab(rgb), without an array a pixel: this runs for every pixel of every image embedded.
        double r = LINEAR[(rgb >> 16) & 0xff];
        double g = LINEAR[(rgb >> 8) & 0xff];
        double bl = LINEAR[rgb & 0xff];
        double fx = f((0.4124 * r + 0.3576 * g + 0.1805 * bl) / 0.95047);
        double fy = f(0.2126 * r + 0.7152 * g + 0.0722 * bl);
        double fz = f((0.0193 * r + 0.1192 * g + 0.9505 * bl) / 1.08883);
        int l = clamp((int) ((116 * fy - 16) / 100 * L_BINS), L_BINS);
        int a = clamp((int) ((500 * (fx - fy) + AB_RANGE) / (2 * AB_RANGE) * AB_BINS), AB_BINS);
        int b = clamp((int) ((200 * (fy - fz) + AB_RANGE) / (2 * AB_RANGE) * AB_BINS), AB_BINS);
        return (l * AB_BINS + a) * AB_BINS + b;
    }

    private static int clamp(int v, int bins) {
        return Math.max(0, Math.min(bins - 1, v));
    }

    /** sRGB to CIELAB under D65. */
    static double[] lab(int rgb) {
        double r = LINEAR[(rgb >> 16) & 0xff];
        double g = LINEAR[(rgb >> 8) & 0xff];
        double b = LINEAR[rgb & 0xff];
        double x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
        double y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        double z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
        double fx = f(x);
        double fy = f(y);
        double fz = f(z);
        return new double[] {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
    }

    private static double linear(double c) {
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static double f(double t) {
        return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
    }

    /**
     * The hybrid vector: the model's embedding and the colour descriptor, each unit length, weighted
     * {@code 1 - colourWeight} and {@code colourWeight}, concatenated and made unit length again, so
     * that its cosine is a weighted mean of the two cosines.
     */
    public static float[] hybrid(float[] embedding, float[] colour, float colourWeight) {
        float[] out = new float[embedding.length + colour.length];
        float a = 1 - colourWeight;
        for (int i = 0; i < embedding.length; i++) {
            out[i] = embedding[i] * a;
        }
        for (int i = 0; i < colour.length; i++) {
            out[embedding.length + i] = colour[i] * colourWeight;
        }
        return Vectors.normalise(out);
    }
}
