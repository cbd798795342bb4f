package io.tokenatlas.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LinearAssignmentTest {
    @Test
    void findsTheCheapestAssignmentOfEveryRowToItsOwnColumn() {
        Random random = new Random(3);
        for (int trial = 0; trial < 40; trial++) {
            int rows = 1 + random.nextInt(6);
            int cols = rows + random.nextInt(3);
            double[][] cost = new double[rows][cols];
            for (double[] row : cost) {
                for (int j = 0; j < cols; j++) {
                    row[j] = random.nextInt(20); // ties on purpose
                }
            }
            int[] got = LinearAssignment.solve(rows, cols, (r, c) -> cost[r][c]);
            Set<Integer> used = new HashSet<>();
            double total = 0;
            for (int r = 0; r < rows; r++) {
                used.add(got[r]);
                total += cost[r][got[r]];
            }
            assertEquals(rows, used.size(), "each row has its own column");
            assertEquals(bruteForce(cost, 0, new boolean[cols]), total, 1e-9, "trial " + trial);
        }
    }

    @Test
    void refusesMoreRowsThanColumns() {
        assertThrows(IllegalArgumentException.class, () -> LinearAssignment.solve(3, 2, (r, c) -> 0));
    }

    private static double bruteForce(double[][] cost, int row, boolean[] taken) {
        if (row == cost.length) {
            return 0;
        }
        double best = Double.POSITIVE_INFINITY;
        for (int c = 0; c < taken.length; c++) {
            if (!taken[c]) {
                taken[c] = true;
                best = Math.min(best, cost[row][c] + bruteForce(cost, row + 1, taken));
                taken[c] = false;
            }
        }
        return best;
    }
}
