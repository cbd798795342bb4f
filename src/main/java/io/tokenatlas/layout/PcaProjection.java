package io.tokenatlas.layout;

import smile.feature.extraction.PCA;

/** Projects vectors to 2-D with PCA and scales both axes to [0, 1]; every input gets a point. */
public final class PcaProjection {
    private PcaProjection() {}

    public static double[][] project(double[][] vectors) {
        int n = vectors.length;
        if (n == 0) {
            return new double[0][];
        }
        if (n < 3) {
            // Too few points for a covariance: spread them along the diagonal.
            double[][] out = new double[n][];
            for (int i = 0; i < n; i++) {
                double t = n == 1 ? 0.5 : i;
                out[i] = new double[] {t, t};
            }
            return out;
        }
        double[][] projected = PCA.fit(vectors).getProjection(2).apply(vectors);
        return normalise(projected);
    }

    /** Scales each axis to [0, 1] (a flat axis goes to 0.5), keeping each point's order. */
    public static double[][] normalise(double[][] points) {
        double[][] out = new double[points.length][2];
        for (int axis = 0; axis < 2; axis++) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double[] p : points) {
                min = Math.min(min, p[axis]);
                max = Math.max(max, p[axis]);
            }
            double range = max - min;
            for (int i = 0; i < points.length; i++) {
                out[i][axis] = range > 0 ? (points[i][axis] - min) / range : 0.5;
            }
        }
        return out;
    }
}
