package io.tokenatlas.embedding;

import smile.linalg.UPLO;
import smile.tensor.DenseMatrix;
import smile.tensor.EVD;

/**
 * The first principal axes of a set of vectors, their variances and the mean, found from the
 * smaller of the two symmetric products: {@code X Xᵀ} (n x n) when there are fewer vectors than
 * dimensions, {@code Xᵀ X} (d x d) otherwise, each multiplied by BLAS and decomposed by LAPACK.
 * For 500 vectors of 1280 values that is a 500 x 500 problem instead of a 1280 x 1280 covariance
 * summed value by value. Pure.
 *
 * @param mean      the vectors' mean
 * @param variances the variance along each axis, largest first
 * @param axes      unit-length axes, one row each, in the order of {@code variances}, each turned so
 *                  that its largest value is positive
 */
public record PrincipalAxes(double[] mean, double[] variances, double[][] axes) {

    /** The first {@code wanted} axes of {@code data} (fewer when fewer carry variance: at most n - 1). */
    public static PrincipalAxes fit(double[][] data, int wanted) {
        int n = data.length;
        int d = data[0].length;
        double[] mean = new double[d];
        for (double[] row : data) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        DenseMatrix x = DenseMatrix.zeros(smile.tensor.ScalarType.Float64, n, d);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x.set(i, j, data[i][j] - mean[j]);
            }
        }
        int k = Math.max(0, Math.min(wanted, Math.min(d, n - 1)));
        boolean gram = n <= d;
        EVD evd = (gram ? x.aat() : x.ata()).withUplo(UPLO.LOWER).eigen(false, true).sort();
        double[] variances = new double[k];
        double[][] axes = new double[k][d];
        DenseMatrix vectors = evd.Vr();
        for (int a = 0; a < k; a++) {
            variances[a] = Math.max(0, evd.wr().get(a)) / Math.max(1, n - 1);
            if (!gram) {
                for (int j = 0; j < d; j++) {
                    axes[a][j] = vectors.get(j, a);
                }
            }
        }
        if (gram) {
            // An eigenvector u of X Xᵀ gives the axis Xᵀ u, of length sqrt(eigenvalue); an axis
            // without variance stays zero (it projects everything to 0).
            double[] inverseLength = new double[k];
            for (int a = 0; a < k; a++) {
                double eigenvalue = Math.max(0, evd.wr().get(a));
                inverseLength[a] = eigenvalue < 1e-24 ? 0 : 1 / Math.sqrt(eigenvalue);
            }
            double[] centred = new double[d];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    centred[j] = data[i][j] - mean[j];
                }
                for (int a = 0; a < k; a++) {
                    double u = vectors.get(i, a) * inverseLength[a];
                    double[] axis = axes[a];
                    for (int j = 0; j < d; j++) {
                        axis[j] += centred[j] * u;
                    }
                }
            }
        }
        for (double[] axis : axes) {
            orient(axis);
        }
        return new PrincipalAxes(mean, variances, axes);
    }

    /**
     * Turns an axis so that its largest value is positive: an axis and its negation are the same
     * axis, and the decomposition may give either, so refits on much the same vectors would flip
     * coordinates (and maps) for no reason.
     */
    private static void orient(double[] axis) {
        int largest = 0;
        for (int j = 1; j < axis.length; j++) {
            if (Math.abs(axis[j]) > Math.abs(axis[largest])) {
                largest = j;
            }
        }
        if (axis[largest] < 0) {
            for (int j = 0; j < axis.length; j++) {
                axis[j] = -axis[j];
            }
        }
    }

    /** The coordinates of {@code v} along the axes. */
    public double[] project(double[] v) {
        double[] out = new double[axes.length];
        for (int a = 0; a < axes.length; a++) {
            double sum = 0;
            double[] axis = axes[a];
            for (int j = 0; j < v.length; j++) {
                sum += axis[j] * (v[j] - mean[j]);
            }
            out[a] = sum;
        }
        return out;
    }
}
