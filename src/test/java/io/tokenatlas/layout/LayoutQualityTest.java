package io.tokenatlas.layout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LayoutQualityTest {
    @Test
    void aLayoutEqualToTheDataIsFullyTrustworthyAndANoisyOneIsNot() {
        double[][] data = LayoutFixtures.uniform(300, 1);
        assertEquals(1.0, LayoutQuality.trustworthiness(data, data, 10), 1e-12);
        double[][] shuffled = LayoutFixtures.uniform(300, 2);
        double t = LayoutQuality.trustworthiness(data, shuffled, 10);
        assertTrue(t < 0.6, "a random layout is not trustworthy: " + t);
        assertEquals(1.0, LayoutQuality.preservation(LayoutQuality.nearest(data, 10), LayoutQuality.nearest(data, 10)));
    }

    @Test
    void gridNeighboursAreTheNearestCells() {
        Grid grid = new Grid(4, 4);
        int[] cells = new int[16];
        for (int i = 0; i < 16; i++) {
            cells[i] = i;
        }
        int[][] near = LayoutQuality.nearestInGrid(grid, cells, 4);
        // cell 5 (row 1, col 1): its four neighbours at distance 1 are 1, 4, 6 and 9
        int[] got = near[5].clone();
        java.util.Arrays.sort(got);
        assertArrayEquals(new int[] {1, 4, 6, 9}, got);
        assertEquals(4, near[0].length);
    }
}
