package io.tokenatlas.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GridAssignmentTest {
    @Test
    void gridsAreNearSquareAndHoldEveryToken() {
        for (int n = 1; n <= 3000; n++) {
            Grid g = Grid.forCount(n);
            assertTrue(g.cells() >= n, "n=" + n);
            assertTrue(g.cols() - g.rows() <= 1 && g.rows() <= g.cols(), "near square at n=" + n + ": " + g);
            assertTrue(g.cells() - n < g.cols(), "no empty row at n=" + n);
        }
        assertEquals(new Grid(0, 0), Grid.forCount(0));
    }

    @Test
    void everyTokenGetsItsOwnCellWhateverTheMethod() {
        for (int n : new int[] {1, 2, 3, 7, 10, 99, 101, 1000, 2503}) {
            double[][] xy = LayoutFixtures.uniform(n, n);
            for (int limit : new int[] {0, Integer.MAX_VALUE}) {
                if (limit > 0 && n > 1000) {
                    continue;
                }
                GridAssignment.Result r = GridAssignment.assign(xy, limit);
                assertDistinctCells(r, n);
            }
            assertDistinctCells(GridAssignment.sortedColumns(xy), n);
        }
    }

    @Test
    void duplicatesPointsStillGetCells() {
        double[][] xy = new double[50][];
        for (int i = 0; i < xy.length; i++) {
            xy[i] = new double[] {0.3, 0.3};
        }
        assertDistinctCells(GridAssignment.assign(xy, 100), 50);
        assertDistinctCells(GridAssignment.assign(xy, 0), 50);
    }

    @Test
    void theApproximationStaysCloseToTheExactCost() {
        double[][] xy = UmapProjection.project(LayoutFixtures.families(800, 32, 8, 5, null),
                UmapProjection.Params.defaults(1));
        GridAssignment.Result exact = GridAssignment.assign(xy, Integer.MAX_VALUE);
        GridAssignment.Result approx = GridAssignment.assign(xy, 0);
        GridAssignment.Result sorted = GridAssignment.sortedColumns(xy);
        assertEquals(GridAssignment.Method.EXACT, exact.method());
        assertEquals(GridAssignment.Method.BISECTION_TILES, approx.method());
        assertTrue(exact.cost() <= approx.cost() + 1e-9, "exact is optimal: " + exact.cost() + " vs " + approx.cost());
        assertTrue(approx.cost() <= exact.cost() * 1.25, "approximation within 25%: " + approx.cost() + " vs " + exact.cost());
        assertTrue(exact.cost() < sorted.cost(), "both beat sorted columns: " + sorted.cost());
    }

    @Test
    void keepsMoreNeighboursThanSortedColumns() {
        double[][] data = LayoutFixtures.families(1000, 64, 10, 11, null);
        double[][] xy = UmapProjection.project(data, UmapProjection.Params.defaults(2));
        int[][] truth = LayoutQuality.nearest(data, 10);
        GridAssignment.Result exact = GridAssignment.assign(xy, Integer.MAX_VALUE);
        GridAssignment.Result approx = GridAssignment.assign(xy, 0);
        GridAssignment.Result sorted = GridAssignment.sortedColumns(xy);
        double e = LayoutQuality.preservation(truth, LayoutQuality.nearestInGrid(exact.grid(), exact.cells(), 10));
        double a = LayoutQuality.preservation(truth, LayoutQuality.nearestInGrid(approx.grid(), approx.cells(), 10));
        double s = LayoutQuality.preservation(truth, LayoutQuality.nearestInGrid(sorted.grid(), sorted.cells(), 10));
        System.out.printf("10-NN preservation over 1000 tokens: exact %.3f, bisection+tiles %.3f, sorted columns %.3f%n",
                e, a, s);
        assertTrue(e >= 1.4 * s, "exact " + e + " vs sorted columns " + s);
        assertTrue(a >= 1.4 * s, "approximation " + a + " vs sorted columns " + s);
    }

    private static void assertDistinctCells(GridAssignment.Result r, int n) {
        assertEquals(n, r.cells().length);
        Set<Integer> seen = new HashSet<>();
        for (int cell : r.cells()) {
            assertTrue(cell >= 0 && cell < r.grid().cells(), "cell in the grid: " + cell);
            assertTrue(seen.add(cell), "cell " + cell + " given twice (n=" + n + ", " + r.method() + ")");
        }
    }
}
