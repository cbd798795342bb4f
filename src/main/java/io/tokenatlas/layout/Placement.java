package io.tokenatlas.layout;

import java.util.BitSet;
import java.util.List;

/**
 * Places a token that arrived after the last recompute from its nearest placed neighbours: at
 * the distance-weighted mean of the neighbours that share the nearest one's cluster (so that a
 * token between two clusters does not land in the empty space between them), in that cluster,
 * and in the free grid cell nearest to it, if the grid has one.
 */
public final class Placement {
    /** A placed neighbour and its vector distance to the new token. */
    public record Neighbour(double x, double y, int cluster, double distance) {}

    /** Where the new token goes; cell is -1 when the grid has no free cell. */
    public record Placed(double x, double y, int cluster, int cell) {}

    private Placement() {}

    /** @param occupied the grid's taken cells; the chosen cell is added to it */
    public static Placed place(List<Neighbour> nearestFirst, Grid grid, BitSet occupied) {
        double x = 0.5;
        double y = 0.5;
        int cluster = 0;
        if (!nearestFirst.isEmpty()) {
            cluster = nearestFirst.get(0).cluster();
            double wx = 0;
            double wy = 0;
            double weight = 0;
            for (Neighbour n : nearestFirst) {
                if (n.cluster() == cluster) {
                    double w = 1 / (n.distance() + 1e-6);
                    wx += w * n.x();
                    wy += w * n.y();
                    weight += w;
                }
            }
            x = clamp(wx / weight);
            y = clamp(wy / weight);
        }
        int cell = freeCellNear(grid, occupied, x, y);
        if (cell >= 0) {
            occupied.set(cell);
        }
        return new Placed(x, y, cluster, cell);
    }

    /** The free cell whose centre is nearest to (x, y), by growing rings around its cell; -1 if none. */
    static int freeCellNear(Grid grid, BitSet occupied, double x, double y) {
        if (grid.cells() == 0 || occupied.cardinality() >= grid.cells()) {
            return -1;
        }
        int col = Math.min(grid.cols() - 1, (int) (x * grid.cols()));
        int row = Math.min(grid.rows() - 1, (int) (y * grid.rows()));
        int best = -1;
        double bestCost = Double.POSITIVE_INFINITY;
        int limit = Math.max(grid.cols(), grid.rows());
        for (int radius = 0; radius <= limit; radius++) {
            for (int r = row - radius; r <= row + radius; r++) {
                for (int c = col - radius; c <= col + radius; c++) {
                    boolean onRing = Math.abs(r - row) == radius || Math.abs(c - col) == radius;
                    if (!onRing || r < 0 || c < 0 || r >= grid.rows() || c >= grid.cols()) {
                        continue;
                    }
                    int cell = r * grid.cols() + c;
                    if (!occupied.get(cell)) {
                        double cost = grid.cost(x, y, cell);
                        if (cost < bestCost) {
                            bestCost = cost;
                            best = cell;
                        }
                    }
                }
            }
            // A cell on a later ring is at least (radius) cells away: stop once that cannot win.
            if (best >= 0 && Math.pow((double) radius / Math.max(grid.cols(), grid.rows()), 2) > bestCost) {
                break;
            }
        }
        return best;
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
