package io.tokenatlas.layout;

/**
 * Aligns a new 2-D layout to the previous one: the rotation, optional reflection, uniform scale
 * and translation that bring the shared points closest (least squares) to where they were.
 */
public final class Procrustes {
    private Procrustes() {}

    /** x' = scale * R * (x - from) + to, with R a rotation, after flipping x first when {@code reflect}. */
    public record Transform(double cos, double sin, boolean reflect, double scale,
            double fromX, double fromY, double toX, double toY) {
        public static final Transform IDENTITY = new Transform(1, 0, false, 1, 0, 0, 0, 0);

        public double[] apply(double[] p) {
            double x = (reflect ? -(p[0] - fromX) : p[0] - fromX);
            double y = p[1] - fromY;
            return new double[] {toX + scale * (cos * x - sin * y), toY + scale * (sin * x + cos * y)};
        }

        public double[][] apply(double[][] points) {
            double[][] out = new double[points.length][];
            for (int i = 0; i < points.length; i++) {
                out[i] = apply(points[i]);
            }
            return out;
        }

        /** The rotation in degrees, for the record of a version. */
        public double degrees() {
            return Math.toDegrees(Math.atan2(sin, cos));
        }
    }

    /**
     * The transform taking {@code moving[i]} onto {@code target[i]} (same length, at least 2 distinct
     * points; otherwise the identity). Of the plain and the reflected fit, the closer one wins.
     */
    public static Transform fit(double[][] moving, double[][] target) {
        int n = moving.length;
        if (n != target.length) {
            throw new IllegalArgumentException("moving and target differ in length: " + n + " vs " + target.length);
        }
        if (n < 2) {
            return Transform.IDENTITY;
        }
        double mx = 0;
        double my = 0;
        double tx = 0;
        double ty = 0;
        for (int i = 0; i < n; i++) {
            mx += moving[i][0];
            my += moving[i][1];
            tx += target[i][0];
            ty += target[i][1];
        }
        mx /= n;
        my /= n;
        tx /= n;
        ty /= n;
        Transform plain = fitCentred(moving, target, mx, my, tx, ty, false);
        Transform mirrored = fitCentred(moving, target, mx, my, tx, ty, true);
        if (plain == null || mirrored == null) {
            return Transform.IDENTITY;
        }
        return residual(plain, moving, target) <= residual(mirrored, moving, target) ? plain : mirrored;
    }

    private static Transform fitCentred(double[][] moving, double[][] target, double mx, double my,
            double tx, double ty, boolean reflect) {
        // For centred a (moving) and b (target): the best angle maximises sum(b . R a).
        double dot = 0;
        double cross = 0;
        double norm = 0;
        for (int i = 0; i < moving.length; i++) {
            double ax = reflect ? -(moving[i][0] - mx) : moving[i][0] - mx;
            double ay = moving[i][1] - my;
            double bx = target[i][0] - tx;
            double by = target[i][1] - ty;
            dot += ax * bx + ay * by;
            cross += ax * by - ay * bx;
            norm += ax * ax + ay * ay;
        }
        double length = Math.hypot(dot, cross);
        if (norm == 0 || length == 0) {
            return null;
        }
        return new Transform(dot / length, cross / length, reflect, length / norm, mx, my, tx, ty);
    }

    /** Root mean squared distance between the moved points and their targets. */
    public static double residual(Transform t, double[][] moving, double[][] target) {
        double sum = 0;
        for (int i = 0; i < moving.length; i++) {
            double[] p = t.apply(moving[i]);
            double dx = p[0] - target[i][0];
            double dy = p[1] - target[i][1];
            sum += dx * dx + dy * dy;
        }
        return Math.sqrt(sum / Math.max(1, moving.length));
    }
}
