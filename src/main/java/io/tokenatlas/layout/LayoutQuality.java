package io.tokenatlas.layout;

import java.util.Arrays;
import java.util.PriorityQueue;
import java.util.stream.IntStream;

/**
 * How well a map or a grid keeps the neighbourhoods of the vectors: trustworthiness (as in
 * scikit-learn) and k-NN preservation (the share of each point's k nearest neighbours in vector
 * space that are among its k nearest on the map or in the grid). Exact, O(n^2 d): for tests and
 * benchmarks, not for the daemon's hot path.
 */
public final class LayoutQuality {
    private LayoutQuality() {}

    /** Each point's k nearest other points by Euclidean distance, nearest first (ties by index). */
    public static int[][] nearest(double[][] points, int k) {
        int n = points.length;
        int[][] out = new int[n][];
        IntStream.range(0, n).parallel().forEach(i -> {
            double[] d = distancesFrom(points, i);
            out[i] = smallest(d, i, Math.min(k, n - 1));
        });
        return out;
    }

    /** Each point's k nearest other points by the distance between their grid cells (ties by index). */
    public static int[][] nearestInGrid(Grid grid, int[] cells, int k) {
        int n = cells.length;
        int[] holder = new int[grid.cells()];
        Arrays.fill(holder, -1);
        for (int p = 0; p < n; p++) {
            holder[cells[p]] = p;
        }
        int want = Math.min(k, n - 1);
        int[][] out = new int[n][];
        IntStream.range(0, n).parallel().forEach(p -> {
            int col = grid.col(cells[p]);
            int row = grid.row(cells[p]);
            // Grow a square window until it holds `want` others and every point within the
            // distance of the farthest chosen one has been seen.
            for (int radius = 1; ; radius++) {
                int count = 0;
                long[] keys = new long[(2 * radius + 1) * (2 * radius + 1)];
                for (int r = Math.max(0, row - radius); r <= Math.min(grid.rows() - 1, row + radius); r++) {
                    for (int c = Math.max(0, col - radius); c <= Math.min(grid.cols() - 1, col + radius); c++) {
                        int q = holder[r * grid.cols() + c];
                        if (q >= 0 && q != p) {
                            long d2 = (long) (r - row) * (r - row) + (long) (c - col) * (c - col);
                            keys[count++] = (d2 << 32) | q;
                        }
                    }
                }
                long[] found = Arrays.copyOf(keys, count);
                Arrays.sort(found);
                boolean wholeGrid = radius >= Math.max(grid.rows(), grid.cols());
                if (wholeGrid || count >= want && (found[want - 1] >>> 32) <= (long) radius * radius) {
                    int[] chosen = new int[Math.min(want, count)];
                    for (int i = 0; i < chosen.length; i++) {
                        chosen[i] = (int) (found[i] & 0xffffffffL);
                    }
                    out[p] = chosen;
                    return;
                }
            }
        });
        return out;
    }

    /** The mean share of {@code truth}'s neighbours of each point that {@code other} also lists. */
    public static double preservation(int[][] truth, int[][] other) {
        double sum = 0;
        int counted = 0;
        for (int i = 0; i < truth.length; i++) {
            if (truth[i].length == 0) {
                continue;
            }
            int[] b = other[i].clone();
            Arrays.sort(b);
            int shared = 0;
            for (int t : truth[i]) {
                if (Arrays.binarySearch(b, t) >= 0) {
                    shared++;
                }
            }
            sum += (double) shared / truth[i].length;
            counted++;
        }
        return counted == 0 ? 1 : sum / counted;
    }

    /**
     * Trustworthiness of a low-dimensional layout with k neighbours: 1 when every point's k
     * nearest on the map are also among its nearest in the data, lower as strangers intrude.
     */
    public static double trustworthiness(double[][] high, double[][] low, int k) {
        int n = high.length;
        if (n <= 3 * k + 1) {
            throw new IllegalArgumentException("trustworthiness needs n > 3k + 1: n=" + n + ", k=" + k);
        }
        int[][] lowNearest = nearest(low, k);
        double penalty = IntStream.range(0, n).parallel().mapToDouble(i -> {
            double[] d = distancesFrom(high, i);
            int[] highNearest = smallest(d, i, k);
            Arrays.sort(highNearest);
            double sum = 0;
            for (int j : lowNearest[i]) {
                if (Arrays.binarySearch(highNearest, j) >= 0) {
                    continue;
                }
                // rank of j among i's neighbours in the data (1 = nearest), ties by index
                int rank = 1;
                for (int q = 0; q < n; q++) {
                    if (q != i && (d[q] < d[j] || d[q] == d[j] && q < j)) {
                        rank++;
                    }
                }
                sum += rank - k;
            }
            return sum;
        }).sum();
        return 1 - penalty * 2.0 / (n * k * (2.0 * n - 3.0 * k - 1.0));
    }

    private static double[] distancesFrom(double[][] points, int i) {
        double[] d = new double[points.length];
        double[] a = points[i];
        for (int j = 0; j < points.length; j++) {
            double[] b = points[j];
            double s = 0;
            for (int t = 0; t < a.length; t++) {
                double diff = a[t] - b[t];
                s += diff * diff;
            }
            d[j] = s;
        }
        return d;
    }

    /** Indexes of the k smallest of d other than {@code self}, smallest first, ties by index. */
    private static int[] smallest(double[] d, int self, int k) {
        if (k <= 0) {
            return new int[0];
        }
        PriorityQueue<Integer> heap = new PriorityQueue<>(k + 1,
                (a, b) -> d[a] != d[b] ? Double.compare(d[b], d[a]) : Integer.compare(b, a));
        for (int j = 0; j < d.length; j++) {
            if (j == self) {
                continue;
            }
            if (heap.size() < k) {
                heap.add(j);
            } else {
                int worst = heap.peek();
                if (d[j] < d[worst] || d[j] == d[worst] && j < worst) {
                    heap.poll();
                    heap.add(j);
                }
            }
        }
        int[] out = new int[heap.size()];
        for (int i = out.length - 1; i >= 0; i--) {
            out[i] = heap.poll();
        }
        return out;
    }
}
