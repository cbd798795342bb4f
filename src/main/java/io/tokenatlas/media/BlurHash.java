package io.tokenatlas.media;

import java.awt.image.BufferedImage;

/**
 * A picture's BlurHash (the placeholder format clients decode into a blur while the picture
 * loads): a few cosine components of its colours in linear light, quantised and written in base 83.
 * Here with 4 x 3 components, 28 characters. Pure.
 */
public final class BlurHash {
    static final int X_COMPONENTS = 4;
    static final int Y_COMPONENTS = 3;
    private static final String BASE83 =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";
    /** Pixels sampled along the longer side: the components are the lowest frequencies, so a small copy holds them. */
    private static final int SAMPLE = 64;

    /** Each sRGB level in linear light. */
    private static final double[] LINEAR = new double[256];

    static {
        for (int v = 0; v < 256; v++) {
            LINEAR[v] = toLinear(v);
        }
    }

    private BlurHash() {}

    /** The hash of {@code image} (transparent pixels count as they are drawn over black). */
    public static String of(BufferedImage image) {
        BufferedImage small = Thumbnails.fit(image, SAMPLE);
        int w = small.getWidth();
        int h = small.getHeight();
        double[][] factors = new double[X_COMPONENTS * Y_COMPONENTS][3];
        int[] argbs = Thumbnails.argb(small);
        double[] linear = new double[w * h * 3];
        for (int p = 0; p < w * h; p++) {
            int argb = argbs[p];
            double alpha = (argb >>> 24) / 255.0;
            linear[p * 3] = LINEAR[(argb >> 16) & 0xff] * alpha;
            linear[p * 3 + 1] = LINEAR[(argb >> 8) & 0xff] * alpha;
            linear[p * 3 + 2] = LINEAR[argb & 0xff] * alpha;
        }
        // The cosines of each component along each axis, computed once instead of at every pixel.
        double[][] cosX = new double[X_COMPONENTS][w];
        for (int i = 0; i < X_COMPONENTS; i++) {
            for (int x = 0; x < w; x++) {
                cosX[i][x] = Math.cos(Math.PI * i * x / w);
            }
        }
        for (int j = 0; j < Y_COMPONENTS; j++) {
            for (int i = 0; i < X_COMPONENTS; i++) {
                double[] f = factors[j * X_COMPONENTS + i];
                double normalisation = i == 0 && j == 0 ? 1 : 2;
                double[] cx = cosX[i];
                for (int y = 0; y < h; y++) {
                    double cy = Math.cos(Math.PI * j * y / h);
                    for (int x = 0; x < w; x++) {
                        double basis = normalisation * cx[x] * cy;
                        int k = (y * w + x) * 3;
                        f[0] += basis * linear[k];
                        f[1] += basis * linear[k + 1];
                        f[2] += basis * linear[k + 2];
                    }
                }
                for (int c = 0; c < 3; c++) {
                    f[c] /= (double) w * h;
                }
            }
        }
        StringBuilder hash = new StringBuilder();
        base83(hash, (X_COMPONENTS - 1) + (Y_COMPONENTS - 1) * 9, 1);
        double maxAc = 0;
        for (int n = 1; n < factors.length; n++) {
            for (double v : factors[n]) {
                maxAc = Math.max(maxAc, Math.abs(v));
            }
        }
        int quantisedMax = (int) Math.max(0, Math.min(82, Math.floor(maxAc * 166 - 0.5)));
        double maximum = (quantisedMax + 1) / 166.0;
        base83(hash, quantisedMax, 1);
        double[] dc = factors[0];
        base83(hash, (toSrgb(dc[0]) << 16) + (toSrgb(dc[1]) << 8) + toSrgb(dc[2]), 4);
        for (int n = 1; n < factors.length; n++) {
            double[] f = factors[n];
            base83(hash, quantiseAc(f[0], maximum) * 19 * 19 + quantiseAc(f[1], maximum) * 19 + quantiseAc(f[2], maximum), 2);
        }
        return hash.toString();
    }

    /** The average colour a hash holds (its first component), as 0xRRGGBB. */
    public static int averageColour(String hash) {
        int value = 0;
        for (int k = 2; k < 6; k++) {
            value = value * 83 + BASE83.indexOf(hash.charAt(k));
        }
        return value;
    }

    private static int quantiseAc(double value, double maximum) {
        double scaled = Math.copySign(Math.sqrt(Math.abs(value / maximum)), value);
        return (int) Math.max(0, Math.min(18, Math.floor(scaled * 9 + 9.5)));
    }

    private static void base83(StringBuilder out, int value, int length) {
        for (int k = 1; k <= length; k++) {
            int digit = (int) (value / Math.pow(83, length - k)) % 83;
            out.append(BASE83.charAt(digit));
        }
    }

    static double toLinear(int srgb) {
        double v = srgb / 255.0;
        return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }

    static int toSrgb(double linear) {
        double v = Math.max(0, Math.min(1, linear));
        return v <= 0.0031308 ? (int) Math.round(v * 12.92 * 255) : (int) Math.round((1.055 * Math.pow(v, 1 / 2.4) - 0.055) * 255);
    }
}
