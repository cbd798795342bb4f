package io.tokenatlas.media;

import java.awt.image.BufferedImage;

/**
 * A 64-bit perceptual hash made so that the copies a copier mints are near their original: the
 * picture without its frames (uniform borders, trimmed up to three times, so an added border or a
 * plain background cropped away changes nothing), in 32x32 grey, its 2-D DCT, and one bit per low
 * frequency of the top-left 8x8 block: set when that coefficient is positive (the DC term, which
 * says only how bright, is always 0). Because a mirrored picture's coefficient (u, v) is the
 * original's times (-1)^u and a transposed one's is (v, u), the hashes of the eight flips and
 * quarter turns of a picture follow from its hash alone ({@link #variants}). Copies that are
 * rescaled or recompressed differ in a few bits; unrelated pictures in about half. Pure.
 */
public final class PerceptualHash {
    /** What {@link #of} computes; stored beside each hash so that older hashes are recomputed. */
    public static final int VERSION = 2;
    /** The side of the grey picture the hash is made of. */
    static final int N = 32;
    private static final double[][] COS = new double[N][N];
    /** Bits (v * 8 + u) whose coefficient changes sign when the picture is mirrored left to right: u odd. */
    private static final long ODD_U;
    /** ... mirrored top to bottom: v odd. */
    private static final long ODD_V;
    /** A frame row: this share of its pixels within {@link #FRAME_TOLERANCE} of the frame's colour. */
    private static final double FRAME_SHARE = 0.97;
    private static final int FRAME_TOLERANCE = 24;
    /** Trimming stops before the picture is smaller than this share of each side. */
    private static final double MIN_KEPT = 0.3;

    static {
        for (int u = 0; u < N; u++) {
            for (int x = 0; x < N; x++) {
                COS[u][x] = Math.cos((2 * x + 1) * u * Math.PI / (2 * N));
            }
        }
        long oddU = 0;
        long oddV = 0;
        for (int v = 0; v < 8; v++) {
            for (int u = 0; u < 8; u++) {
                oddU |= (u % 2 == 1 ? 1L : 0L) << (v * 8 + u);
                oddV |= (v % 2 == 1 ? 1L : 0L) << (v * 8 + u);
            }
        }
        ODD_U = oddU;
        ODD_V = oddV;
    }

    /** A cropped copy keeps about this much of each side of its original (5 % off each edge). */
    static final double CENTRE_CROP = 0.05;

    private PerceptualHash() {}

    /**
     * What near-duplicate search keeps of a picture: its hash, the hash of its centre (the picture
     * without 5 % at each edge, which a cropped copy hashes like) and its 32x32 grey (bytes, row by
     * row) for {@link PictureMatch}.
     */
    public record Fingerprint(long hash, long centreHash, byte[] grey) {}

    public static Fingerprint fingerprint(BufferedImage image) {
        BufferedImage content = trimFrames(Thumbnails.fit(image, 4 * N));
        double[] grey = grey(content);
        byte[] bytes = new byte[grey.length];
        for (int i = 0; i < grey.length; i++) {
            bytes[i] = (byte) Math.max(0, Math.min(255, Math.round(grey[i])));
        }
        int w = content.getWidth();
        int h = content.getHeight();
        int dx = (int) Math.round(w * CENTRE_CROP);
        int dy = (int) Math.round(h * CENTRE_CROP);
        BufferedImage centre = dx == 0 || dy == 0 ? content : content.getSubimage(dx, dy, w - 2 * dx, h - 2 * dy);
        return new Fingerprint(of(grey), of(grey(centre)), bytes);
    }

    public static long of(BufferedImage image) {
        return of(grey(trimFrames(Thumbnails.fit(image, 4 * N))));
    }

    /** A picture in 32x32 grey, row by row (what the hash is made of). */
    private static double[] grey(BufferedImage content) {
        BufferedImage small = Thumbnails.scale(content, N, N);
        double[] grey = new double[N * N];
        for (int y = 0; y < N; y++) {
            for (int x = 0; x < N; x++) {
                int rgb = small.getRGB(x, y);
                grey[y * N + x] = 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
            }
        }
        return grey;
    }

    /** The hash of a 32x32 grey picture ({@link #grey}). */
    public static long of(double[] grey) {
        long hash = 0;
        for (int v = 0; v < 8; v++) {
            for (int u = 0; u < 8; u++) {
                if (u == 0 && v == 0) {
                    continue;
                }
                double sum = 0;
                for (int y = 0; y < N; y++) {
                    double row = 0;
                    for (int x = 0; x < N; x++) {
                        row += grey[y * N + x] * COS[u][x];
                    }
                    sum += row * COS[v][y];
                }
                if (sum > 0) {
                    hash |= 1L << (v * 8 + u);
                }
            }
        }
        return hash;
    }

    /**
     * The hashes of the picture's eight flips and quarter turns (the dihedral group), the picture
     * itself first: mirror left-right, top-bottom, both (a half turn), then the same four transposed
     * (which covers both quarter turns and the two diagonal mirrors).
     */
    public static long[] variants(long hash) {
        long t = transpose(hash);
        return new long[] {hash, hash ^ ODD_U, hash ^ ODD_V, hash ^ ODD_U ^ ODD_V,
            t, t ^ ODD_U, t ^ ODD_V, t ^ ODD_U ^ ODD_V};
    }

    /** The fewest bits in which {@code b} differs from any flip or quarter turn of {@code a}. */
    public static int dihedralDistance(long a, long b) {
        int best = 64;
        for (long v : variants(a)) {
            best = Math.min(best, Long.bitCount(v ^ b));
        }
        return best;
    }

    /**
     * The fewest bits between two pictures allowing for flips, quarter turns and a 5 % crop of
     * either: the least {@link #dihedralDistance} of a's hash to b's hash or centre, or of b's hash to a's centre.
     */
    public static int copyDistance(long hashA, long centreA, long hashB, long centreB) {
        return Math.min(dihedralDistance(hashA, hashB),
                Math.min(dihedralDistance(hashA, centreB), dihedralDistance(hashB, centreA)));
    }

    /** Bits that differ between two hashes (0 = same picture, about 32 = unrelated). */
    public static int distance(long a, long b) {
        return Long.bitCount(a ^ b);
    }

    private static long transpose(long hash) {
        long out = 0;
        for (int v = 0; v < 8; v++) {
            for (int u = 0; u < 8; u++) {
                if ((hash >>> (v * 8 + u) & 1L) != 0) {
                    out |= 1L << (u * 8 + v);
                }
            }
        }
        return out;
    }

    /**
     * The picture inside its frames: rows and columns at the edges that are (almost) all one colour,
     * the colour of the corner, are cut away when they surround the picture on all four sides (as deep
     * as the thinnest side), then again with the new corner's colour (a border
     * around a plain background), at most three times, keeping at least {@link #MIN_KEPT} of each side.
     */
    static BufferedImage trimFrames(BufferedImage image) {
        int left = 0;
        int top = 0;
        int right = image.getWidth();
        int bottom = image.getHeight();
        int minW = Math.max(1, (int) Math.ceil(image.getWidth() * MIN_KEPT));
        int minH = Math.max(1, (int) Math.ceil(image.getHeight() * MIN_KEPT));
        for (int round = 0; round < 3; round++) {
            int frame = image.getRGB(left, top);
            int t = 0;
            while (bottom - top - 2 * (t + 1) >= minH && frameRow(image, top + t, left, right, frame)) {
                t++;
            }
            int depth = t;
            int b = 0;
            while (b < depth && frameRow(image, bottom - 1 - b, left, right, frame)) {
                b++;
            }
            depth = Math.min(depth, b);
            int l = 0;
            while (l < depth && right - left - 2 * (l + 1) >= minW && frameColumn(image, left + l, top, bottom, frame)) {
                l++;
            }
            depth = Math.min(depth, l);
            int r = 0;
            while (r < depth && frameColumn(image, right - 1 - r, top, bottom, frame)) {
                r++;
            }
            depth = Math.min(depth, r);
            if (depth == 0) {
                break; // not a frame unless it surrounds the picture (a gradient's top rows are no frame)
            }
            // As deep as its thinnest side, so that a frame in the colour of the picture's own edge
            // is cut the same whether or not a copier's border is around it.
            left += depth;
            top += depth;
            right -= depth;
            bottom -= depth;
        }
        return left == 0 && top == 0 && right == image.getWidth() && bottom == image.getHeight() ? image
                : image.getSubimage(left, top, right - left, bottom - top);
    }

    private static boolean frameRow(BufferedImage image, int y, int from, int to, int frame) {
        int allowed = (int) ((to - from) * (1 - FRAME_SHARE));
        for (int x = from; x < to; x++) {
            if (!near(image.getRGB(x, y), frame) && --allowed < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean frameColumn(BufferedImage image, int x, int from, int to, int frame) {
        int allowed = (int) ((to - from) * (1 - FRAME_SHARE));
        for (int y = from; y < to; y++) {
            if (!near(image.getRGB(x, y), frame) && --allowed < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean near(int a, int b) {
        return Math.abs(((a >> 16) & 0xff) - ((b >> 16) & 0xff)) + Math.abs(((a >> 8) & 0xff) - ((b >> 8) & 0xff))
                + Math.abs((a & 0xff) - (b & 0xff)) <= FRAME_TOLERANCE;
    }
}
