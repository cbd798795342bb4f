package io.tokenatlas.layout;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Puts every point of a map into its own cell of a near-square grid, keeping the total squared
 * distance between points and their cells' centres small. Up to {@code exactLimit} points the
 * assignment is exact ({@link LinearAssignment}); beyond, points are split recursively in
 * proportion to the cells of each half of the grid (balanced bisection, O(n log^2 n)) and then
 * improved by exact assignments within overlapping tiles of the grid.
 */
public final class GridAssignment {
    /** How the cells were chosen. */
    public enum Method {
        EXACT, BISECTION_TILES, SORTED_COLUMNS
    }

    /** Each point's cell (row * cols + col), how they were found, and their total squared distance. */
    public record Result(Grid grid, int[] cells, Method method, double cost) {}

    /** Side of the tiles the approximation refines exactly (tile side^2 cells at a time). */
    static final int TILE = 16;

    private GridAssignment() {}

    public static Result assign(double[][] xy, int exactLimit) {
        Grid grid = Grid.forCount(xy.length);
        if (xy.length <= exactLimit) {
            int[] cells = exact(xy, grid);
            return new Result(grid, cells, Method.EXACT, cost(xy, grid, cells));
        }
        int[] cells = bisection(xy, grid);
        refineInTiles(xy, grid, cells, TILE, 0);
        refineInTiles(xy, grid, cells, TILE, TILE / 2);
        return new Result(grid, cells, Method.BISECTION_TILES, cost(xy, grid, cells));
    }

    static int[] exact(double[][] xy, Grid grid) {
        return LinearAssignment.solve(xy.length, grid.cells(), (p, cell) -> grid.cost(xy[p][0], xy[p][1], cell));
    }

    /** sp-mosaic's arrangement, for comparison: sorted by x into columns, each column sorted by y. */
    public static Result sortedColumns(double[][] xy) {
        Grid grid = Grid.forCount(xy.length);
        Integer[] byX = order(xy, IntStream.range(0, xy.length).toArray(), 0);
        int[] cells = new int[xy.length];
        for (int col = 0; col * grid.rows() < xy.length; col++) {
            int from = col * grid.rows();
            int to = Math.min(xy.length, from + grid.rows());
            int[] column = new int[to - from];
            for (int i = from; i < to; i++) {
                column[i - from] = byX[i];
            }
            Integer[] byY = order(xy, column, 1);
            for (int row = 0; row < byY.length; row++) {
                cells[byY[row]] = row * grid.cols() + col;
            }
        }
        return new Result(grid, cells, Method.SORTED_COLUMNS, cost(xy, grid, cells));
    }

    public static double cost(double[][] xy, Grid grid, int[] cells) {
        double sum = 0;
        for (int i = 0; i < xy.length; i++) {
            sum += grid.cost(xy[i][0], xy[i][1], cells[i]);
        }
        return sum;
    }

    static int[] bisection(double[][] xy, Grid grid) {
        int[] points = IntStream.range(0, xy.length).toArray();
        int[] cells = new int[xy.length];
        split(xy, grid, points, 0, points.length, 0, 0, grid.cols(), grid.rows(), cells);
        return cells;
    }

    /** Places points[from, to) into the cells of columns [c0, c1) and rows [r0, r1). */
    private static void split(double[][] xy, Grid grid, int[] points, int from, int to,
            int c0, int r0, int c1, int r1, int[] cells) {
        int count = to - from;
        if (count == 0) {
            return;
        }
        int width = c1 - c0;
        int height = r1 - r0;
        if (width * height == 1) {
            cells[points[from]] = r0 * grid.cols() + c0;
            return;
        }
        boolean alongX = (double) width / grid.cols() >= (double) height / grid.rows() && width > 1 || height == 1;
        int axis = alongX ? 0 : 1;
        int cellsFirst = alongX ? (width / 2) * height : width * (height / 2);
        int cellsSecond = width * height - cellsFirst;
        long share = Math.round((double) count * cellsFirst / (width * height));
        int first = (int) Math.max(Math.max(0, count - cellsSecond), Math.min(Math.min(count, cellsFirst), share));
        sortRange(xy, points, from, to, axis);
        if (alongX) {
            int cm = c0 + width / 2;
            split(xy, grid, points, from, from + first, c0, r0, cm, r1, cells);
            split(xy, grid, points, from + first, to, cm, r0, c1, r1, cells);
        } else {
            int rm = r0 + height / 2;
            split(xy, grid, points, from, from + first, c0, r0, c1, rm, cells);
            split(xy, grid, points, from + first, to, c0, rm, c1, r1, cells);
        }
    }

    /** Re-solves, exactly, the points inside each tile of the grid among that tile's cells. */
    static void refineInTiles(double[][] xy, Grid grid, int[] cells, int tile, int offset) {
        int[] holder = new int[grid.cells()];
        Arrays.fill(holder, -1);
        for (int p = 0; p < cells.length; p++) {
            holder[cells[p]] = p;
        }
        for (int r0 = -offset; r0 < grid.rows(); r0 += tile) {
            for (int c0 = -offset; c0 < grid.cols(); c0 += tile) {
                int rs = Math.max(0, r0);
                int cs = Math.max(0, c0);
                int re = Math.min(grid.rows(), r0 + tile);
                int ce = Math.min(grid.cols(), c0 + tile);
                int[] tileCells = new int[Math.max(0, (re - rs) * (ce - cs))];
                int k = 0;
                for (int r = rs; r < re; r++) {
                    for (int c = cs; c < ce; c++) {
                        tileCells[k++] = r * grid.cols() + c;
                    }
                }
                int[] inside = Arrays.stream(tileCells).map(cell -> holder[cell]).filter(p -> p >= 0).toArray();
                if (inside.length < 2) {
                    continue;
                }
                int[] chosen = LinearAssignment.solve(inside.length, tileCells.length,
                        (i, j) -> grid.cost(xy[inside[i]][0], xy[inside[i]][1], tileCells[j]));
                for (int cell : tileCells) {
                    holder[cell] = -1;
                }
                for (int i = 0; i < inside.length; i++) {
                    cells[inside[i]] = tileCells[chosen[i]];
                    holder[tileCells[chosen[i]]] = inside[i];
                }
            }
        }
    }

    private static void sortRange(double[][] xy, int[] points, int from, int to, int axis) {
        int[] part = Arrays.copyOfRange(points, from, to);
        Integer[] sorted = order(xy, part, axis);
        for (int i = 0; i < sorted.length; i++) {
            points[from + i] = sorted[i];
        }
    }

    /** The points sorted by one coordinate, ties by the other, then by index (deterministic). */
    private static Integer[] order(double[][] xy, int[] points, int axis) {
        Integer[] boxed = Arrays.stream(points).boxed().toArray(Integer[]::new);
        Arrays.sort(boxed, Comparator.<Integer>comparingDouble(p -> xy[p][axis])
                .thenComparingDouble(p -> xy[p][1 - axis])
                .thenComparingInt(p -> p));
        return boxed;
    }
}
