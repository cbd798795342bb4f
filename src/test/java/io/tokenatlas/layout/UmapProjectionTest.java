package io.tokenatlas.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UmapProjectionTest {
    @Test
    void placesEveryPointOfClustersWhoseNeighbourGraphFallsApart() {
        // Four clusters of 40 points, far apart: the 15-NN graph has four components.
        Random random = new Random(4);
        int per = 40;
        double[][] data = new double[4 * per][24];
        for (int i = 0; i < data.length; i++) {
            for (int j = 0; j < 24; j++) {
                data[i][j] = (j == i / per ? 100 : 0) + random.nextGaussian();
            }
        }
        double[][] xy = UmapProjection.project(data, UmapProjection.Params.defaults(9));
        assertEquals(data.length, xy.length);
        assertInUnitSquare(xy);
        double inside = 0;
        double between = Double.POSITIVE_INFINITY;
        for (int i = 0; i < xy.length; i++) {
            for (int j = i + 1; j < xy.length; j++) {
                double d = Math.hypot(xy[i][0] - xy[j][0], xy[i][1] - xy[j][1]);
                if (i / per == j / per) {
                    inside = Math.max(inside, d);
                } else {
                    between = Math.min(between, d);
                }
            }
        }
        assertTrue(between > inside, "clusters stay apart: widest cluster " + inside + ", closest pair across " + between);
    }

    @Test
    void placesExactDuplicatesTogether() {
        double[][] data = LayoutFixtures.families(200, 32, 4, 8, null);
        for (int i = 0; i < 30; i++) {
            data[i] = data[0].clone();
        }
        double[][] xy = UmapProjection.project(data, UmapProjection.Params.defaults(3));
        assertEquals(200, xy.length);
        assertInUnitSquare(xy);
        for (int i = 1; i < 30; i++) {
            double d = Math.hypot(xy[i][0] - xy[0][0], xy[i][1] - xy[0][1]);
            assertTrue(d < 0.1, "duplicate " + i + " sits with its copies: " + d);
        }
    }

    /**
     * Not the same points to the digit: Smile starts UMAP from a spectral layout whose eigenvectors
     * ARPACK finds from a random start vector drawn by a generator inside the native library, which
     * no seed reaches and which moves on with every call. A recompute of the same vectors keeps the
     * same neighbourhoods.
     */
    @Test
    void theSameSeedAndInputKeepTheSameNeighbourhoods() {
        double[][] data = LayoutFixtures.families(300, 64, 6, 2, null);
        double[][] a = UmapProjection.project(data, UmapProjection.Params.defaults(42));
        double[][] b = UmapProjection.project(data, UmapProjection.Params.defaults(42));
        double shared = LayoutQuality.preservation(LayoutQuality.nearest(a, 10), LayoutQuality.nearest(b, 10));
        System.out.println("10-NN shared by two maps of the same vectors: " + shared);
        assertTrue(shared > 0.5, "the maps keep the same neighbours: " + shared);
    }

    @Test
    void keepsNeighbourhoods() {
        int[] family = new int[600];
        double[][] data = LayoutFixtures.families(600, 128, 6, 6, family);
        double[][] xy = UmapProjection.project(data, UmapProjection.Params.defaults(5));
        double t = LayoutQuality.trustworthiness(data, xy, 10);
        assertTrue(t > 0.9, "trustworthiness " + t);
        int[][] near = LayoutQuality.nearest(xy, 5);
        int same = 0;
        for (int i = 0; i < near.length; i++) {
            for (int j : near[i]) {
                same += family[i] == family[j] ? 1 : 0;
            }
        }
        assertTrue(same > 0.95 * 5 * near.length, "map neighbours are of the same family: " + same);
    }

    @Test
    void fewPointsStillGetPlaces() {
        for (int n = 0; n <= 10; n++) {
            double[][] data = LayoutFixtures.families(n, 8, 2, n, null);
            double[][] xy = UmapProjection.project(data, UmapProjection.Params.defaults(1));
            assertEquals(n, xy.length);
            assertInUnitSquare(xy);
        }
    }

    private static void assertInUnitSquare(double[][] xy) {
        for (double[] p : xy) {
            assertTrue(Double.isFinite(p[0]) && Double.isFinite(p[1]) && p[0] >= 0 && p[0] <= 1
                    && p[1] >= 0 && p[1] <= 1, Arrays.toString(p));
        }
    }
}
