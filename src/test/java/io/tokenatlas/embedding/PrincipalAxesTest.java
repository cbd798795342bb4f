package io.tokenatlas.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import smile.feature.extraction.PCA;

class PrincipalAxesTest {
    /** n vectors of d values along 12 hidden directions of falling spread, plus a little noise. */
    static double[][] data(int n, int d, long seed) {
        Random random = new Random(seed);
        double[][] directions = new double[12][d];
        for (double[] direction : directions) {
            for (int j = 0; j < d; j++) {
                direction[j] = random.nextGaussian();
            }
        }
        double[][] out = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                out[i][j] = 3 + 0.01 * random.nextGaussian();
            }
            for (int h = 0; h < directions.length; h++) {
                double weight = random.nextGaussian() * (12 - h);
                for (int j = 0; j < d; j++) {
                    out[i][j] += weight * directions[h][j];
                }
            }
        }
        return out;
    }

    @Test
    void fewerVectorsThanDimensionsGiveTheAxesOfTheFullCovariance() {
        agreesWithTheCovarianceDecomposition(data(60, 200, 1));
    }

    @Test
    void moreVectorsThanDimensionsGiveTheAxesOfTheFullCovariance() {
        agreesWithTheCovarianceDecomposition(data(300, 40, 2));
    }

    private static void agreesWithTheCovarianceDecomposition(double[][] data) {
        int k = 8;
        PrincipalAxes fitted = PrincipalAxes.fit(data, k);
        PCA reference = PCA.fit(data);
        for (int a = 0; a < k; a++) {
            double dot = 0;
            double norm = 0;
            for (int j = 0; j < data[0].length; j++) {
                dot += fitted.axes()[a][j] * reference.loadings().get(j, a);
                norm += fitted.axes()[a][j] * fitted.axes()[a][j];
            }
            assertEquals(1, norm, 1e-9, "axis " + a + " has unit length");
            assertEquals(1, Math.abs(dot), 1e-6, "axis " + a + " is the covariance's eigenvector (up to its sign)");
            // The variance along an axis is the sample variance of the coordinates along it.
            double sum = 0;
            double squares = 0;
            for (double[] v : data) {
                double c = fitted.project(v)[a];
                sum += c;
                squares += c * c;
            }
            assertEquals(0, sum / data.length, 1e-6, "coordinates are centred");
            assertEquals(squares / (data.length - 1), fitted.variances()[a], 1e-6 * fitted.variances()[a]);
            assertTrue(a == 0 || fitted.variances()[a] <= fitted.variances()[a - 1], "largest first");
        }
    }

    @Test
    void keepsNoMoreAxesThanTheVectorsCanSpan() {
        PrincipalAxes fitted = PrincipalAxes.fit(data(5, 30, 3), 16);
        assertEquals(4, fitted.axes().length, "five vectors span four directions around their mean");
    }

    @Test
    void eachAxisIsTurnedSoThatItsLargestValueIsPositive() {
        for (double[] axis : PrincipalAxes.fit(data(60, 200, 4), 6).axes()) {
            double largest = 0;
            for (double value : axis) {
                largest = Math.abs(value) > Math.abs(largest) ? value : largest;
            }
            assertTrue(largest > 0);
        }
    }
}
