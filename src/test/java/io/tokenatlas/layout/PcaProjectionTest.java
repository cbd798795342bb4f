package io.tokenatlas.layout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PcaProjectionTest {
    @Test
    void everyPointLandsInTheUnitSquareAndClustersStayApart() {
        Random random = new Random(1);
        int perCluster = 30;
        double[][] data = new double[2 * perCluster][16];
        for (int i = 0; i < data.length; i++) {
            double offset = i < perCluster ? -5 : 5;
            for (int j = 0; j < 16; j++) {
                data[i][j] = offset + random.nextGaussian() * 0.1;
            }
        }
        double[][] xy = PcaProjection.project(data);
        assertEquals(data.length, xy.length);
        double maxGapInside = 0;
        for (int i = 0; i < xy.length; i++) {
            assertTrue(xy[i][0] >= 0 && xy[i][0] <= 1 && xy[i][1] >= 0 && xy[i][1] <= 1);
            if (i > 0 && i != perCluster) {
                maxGapInside = Math.max(maxGapInside, Math.abs(xy[i][0] - xy[i - 1][0]));
            }
        }
        double between = Math.abs(xy[0][0] - xy[perCluster][0]);
        assertTrue(between > 0.9, "the two clusters sit at opposite ends of x: " + between);
        assertTrue(maxGapInside < 0.1, "points of a cluster stay together: " + maxGapInside);
    }

    @Test
    void tinyAndDegenerateInputsStillGetPoints() {
        assertEquals(0, PcaProjection.project(new double[0][]).length);
        assertArrayEquals(new double[] {0.5, 0.5}, PcaProjection.project(new double[][] {{1, 2}})[0]);
        double[][] two = PcaProjection.project(new double[][] {{1, 2}, {3, 4}});
        assertArrayEquals(new double[] {0, 0}, two[0]);
        assertArrayEquals(new double[] {1, 1}, two[1]);
        double[][] same = PcaProjection.normalise(new double[][] {{2, 2}, {2, 2}, {2, 2}});
        assertArrayEquals(new double[] {0.5, 0.5}, same[2]);
    }
}
