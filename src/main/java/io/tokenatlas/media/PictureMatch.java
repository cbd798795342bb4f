package io.tokenatlas.media;

/**
 * How alike two pictures' structures are, allowing for the edits copiers make: the 32x32 greys of
 * {@link PerceptualHash#fingerprint} compared by the better of two correlations, of the greys (which
 * a few strokes of added text barely move) and of their edges (gradient magnitudes, which a layer
 * recoloured to another shade leaves in place), under each of the eight flips and quarter turns,
 * and with either picture cropped by 5 % or 10 % at each edge. 1 means the same structure; a copy
 * re-encoded, resized, flipped or framed scores above 0.9, one cropped, recoloured or written on
 * mostly above 0.8; unrelated pictures well below. Pure.
 */
public final class PictureMatch {
    private static final int N = PerceptualHash.N;
    private static final double[] CROPS = {0.05, 0.1};

    private PictureMatch() {}

    /** The best correlation of the two pictures' edges over flips, turns and crops, in [-1, 1]. */
    public static double similarity(byte[] a, byte[] b) {
        if (a.length != N * N || b.length != N * N) {
            throw new IllegalArgumentException("a fingerprint's grey picture is " + N * N + " bytes");
        }
        double[] ga = unsigned(a);
        double[] gb = unsigned(b);
        double[] edgesB = edges(gb);
        double best = bestTurn(ga, gb, edgesB);
        for (double crop : CROPS) {
            best = Math.max(best, bestTurn(crop(ga, crop), gb, edgesB));
            double[] croppedB = crop(gb, crop);
            best = Math.max(best, bestTurn(ga, croppedB, edges(croppedB)));
        }
        return best;
    }

    private static double bestTurn(double[] a, double[] b, double[] edgesB) {
        double best = -1;
        for (int turn = 0; turn < 8; turn++) {
            double[] turned = turn(a, turn);
            best = Math.max(best, Math.max(correlation(turned, b), correlation(edges(turned), edgesB)));
        }
        return best;
    }

    /** The centre of a square grey picture without {@code share} of each side, scaled back to N x N (bilinear). */
    private static double[] crop(double[] grey, double share) {
        double[] out = new double[N * N];
        double from = share * N;
        double span = N * (1 - 2 * share);
        for (int y = 0; y < N; y++) {
            double sy = from + (y + 0.5) * span / N - 0.5;
            int y0 = (int) Math.floor(sy);
            double fy = sy - y0;
            int y1 = Math.min(N - 1, y0 + 1);
            y0 = Math.max(0, y0);
            for (int x = 0; x < N; x++) {
                double sx = from + (x + 0.5) * span / N - 0.5;
                int x0 = (int) Math.floor(sx);
                double fx = sx - x0;
                int x1 = Math.min(N - 1, x0 + 1);
                x0 = Math.max(0, x0);
                out[y * N + x] = (1 - fy) * ((1 - fx) * grey[y0 * N + x0] + fx * grey[y0 * N + x1])
                        + fy * ((1 - fx) * grey[y1 * N + x0] + fx * grey[y1 * N + x1]);
            }
        }
        return out;
    }

    /** One of the eight flips and quarter turns: bit 0 mirrors left-right, bit 1 top-bottom, bit 2 transposes. */
    static double[] turn(double[] grey, int turn) {
        if (turn == 0) {
            return grey;
        }
        double[] out = new double[N * N];
        for (int y = 0; y < N; y++) {
            for (int x = 0; x < N; x++) {
                int sx = (turn & 1) != 0 ? N - 1 - x : x;
                int sy = (turn & 2) != 0 ? N - 1 - y : y;
                out[y * N + x] = (turn & 4) != 0 ? grey[sx * N + sy] : grey[sy * N + sx];
            }
        }
        return out;
    }

    private static double[] edges(double[] grey) {
        double[] out = new double[N * N];
        for (int y = 0; y < N - 1; y++) {
            for (int x = 0; x < N - 1; x++) {
                double here = grey[y * N + x];
                out[y * N + x] = Math.abs(grey[y * N + x + 1] - here) + Math.abs(grey[(y + 1) * N + x] - here);
            }
        }
        return out;
    }

    private static double correlation(double[] a, double[] b) {
        double meanA = 0;
        double meanB = 0;
        for (int i = 0; i < a.length; i++) {
            meanA += a[i];
            meanB += b[i];
        }
        meanA /= a.length;
        meanB /= b.length;
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            double da = a[i] - meanA;
            double db = b[i] - meanB;
            ab += da * db;
            aa += da * da;
            bb += db * db;
        }
        return aa == 0 || bb == 0 ? (aa == bb ? 1 : 0) : ab / Math.sqrt(aa * bb);
    }

    private static double[] unsigned(byte[] grey) {
        double[] out = new double[grey.length];
        for (int i = 0; i < grey.length; i++) {
            out[i] = grey[i] & 0xff;
        }
        return out;
    }
}
