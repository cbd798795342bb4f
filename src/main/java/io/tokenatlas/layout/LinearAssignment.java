package io.tokenatlas.layout;

import java.util.Arrays;

/**
 * Exact minimum-cost assignment of n rows to m >= n columns by shortest augmenting paths with
 * dual potentials (the method Jonker and Volgenant's algorithm refines). Costs are asked for on
 * the fly, so memory is O(m); time is O(n^2 m) at worst.
 */
public final class LinearAssignment {
    /** The cost of giving row {@code row} column {@code column}. */
    @FunctionalInterface
    public interface Cost {
        double of(int row, int column);
    }

    private LinearAssignment() {}

    /** For each row its column, every column used at most once, with the least total cost. */
    public static int[] solve(int rows, int columns, Cost cost) {
        if (rows > columns) {
            throw new IllegalArgumentException("more rows than columns: " + rows + " > " + columns);
        }
        int n = rows;
        int m = columns;
        double[] u = new double[n + 1];
        double[] v = new double[m + 1];
        int[] owner = new int[m + 1]; // owner[j]: the row (1-based) holding column j, 0 if free
        int[] way = new int[m + 1];
        double[] minv = new double[m + 1];
        boolean[] used = new boolean[m + 1];
        for (int i = 1; i <= n; i++) {
            owner[0] = i;
            int j0 = 0;
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            Arrays.fill(used, false);
            do {
                used[j0] = true;
                int i0 = owner[j0];
                double delta = Double.POSITIVE_INFINITY;
                int j1 = 0;
                for (int j = 1; j <= m; j++) {
                    if (!used[j]) {
                        double reduced = cost.of(i0 - 1, j - 1) - u[i0] - v[j];
                        if (reduced < minv[j]) {
                            minv[j] = reduced;
                            way[j] = j0;
                        }
                        if (minv[j] < delta) {
                            delta = minv[j];
                            j1 = j;
                        }
                    }
                }
                for (int j = 0; j <= m; j++) {
                    if (used[j]) {
                        u[owner[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (owner[j0] != 0);
            do {
                int j1 = way[j0];
                owner[j0] = owner[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        int[] assignment = new int[n];
        for (int j = 1; j <= m; j++) {
            if (owner[j] != 0) {
                assignment[owner[j] - 1] = j - 1;
            }
        }
        return assignment;
    }
}
