package io.tokenatlas.layout;

/** A near-square grid of cells for n tokens: cols x rows >= n, cell = row * cols + col, row 0 at the top. */
public record Grid(int cols, int rows) {
    public Grid {
        if (cols < 0 || rows < 0) {
            throw new IllegalArgumentException("a grid cannot have negative sides: " + cols + " x " + rows);
        }
    }

    /** The smallest near-square grid holding {@code n} cells: cols = ceil(sqrt n), rows = ceil(n / cols). */
    public static Grid forCount(int n) {
        if (n <= 0) {
            return new Grid(0, 0);
        }
        int cols = (int) Math.ceil(Math.sqrt(n));
        return new Grid(cols, (n + cols - 1) / cols);
    }

    public int cells() {
        return cols * rows;
    }

    public int col(int cell) {
        return cell % cols;
    }

    public int row(int cell) {
        return cell / cols;
    }

    /** The centre of a cell in the map's [0, 1] square. */
    public double centreX(int cell) {
        return (col(cell) + 0.5) / cols;
    }

    public double centreY(int cell) {
        return (row(cell) + 0.5) / rows;
    }

    /** Squared distance from a map point to a cell's centre. */
    public double cost(double x, double y, int cell) {
        double dx = x - centreX(cell);
        double dy = y - centreY(cell);
        return dx * dx + dy * dy;
    }
}
