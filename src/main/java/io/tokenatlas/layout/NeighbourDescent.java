package io.tokenatlas.layout;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import smile.graph.NearestNeighborGraph;

/**
 * The approximate k-nearest-neighbour graph of many points (Euclidean), for UMAP on big
 * collections: random-projection trees give each point a first guess, then nearest-neighbour
 * descent (Dong, Charikar and Li, 2011) improves it by asking neighbours of neighbours.
 *
 * <p>Everything lives in flat primitive arrays: the graph of 100,000 points with 15 neighbours
 * is 12 MB, the candidate lists of one round 24 MB. (Smile's own descent keeps a priority queue
 * of objects per point and ran out of a 1 GB heap on 100,000 points.)
 */
public final class NeighbourDescent {
    /** Candidates a point takes into a round, from its own list and from the points that list it. */
    static final int MAX_CANDIDATES = 30;
    /** The descent stops when a round changes fewer than this share of the graph's entries. */
    static final double DELTA = 0.001;
    private static final int LOCKS = 4096;

    private final double[][] data;
    private final int n;
    private final int k;
    /** Row i's neighbours as a max-heap on distance (squared), {@code k} slots from {@code i * k}. */
    private final int[] ids;
    private final double[] distances;
    private final boolean[] fresh;
    private final Object[] locks = new Object[LOCKS];
    private final SplittableRandom random;

    private NeighbourDescent(double[][] data, int k, long seed) {
        this.data = data;
        this.n = data.length;
        this.k = k;
        this.ids = new int[n * k];
        this.distances = new double[n * k];
        this.fresh = new boolean[n * k];
        this.random = new SplittableRandom(seed);
        Arrays.fill(ids, -1);
        Arrays.fill(distances, Double.POSITIVE_INFINITY);
        Arrays.setAll(locks, i -> new Object());
    }

    /** The {@code k} nearest neighbours of each row (not itself), distances Euclidean, nearest first. */
    public static NearestNeighborGraph of(double[][] data, int k, long seed) {
        if (k < 1 || k >= data.length) {
            throw new IllegalArgumentException("k must be in [1, " + (data.length - 1) + "]: " + k);
        }
        NeighbourDescent descent = new NeighbourDescent(data, k, seed);
        descent.seedWithTrees(trees(data.length), Math.max(2 * k, 24));
        descent.fillRandomly();
        int rounds = Math.max(5, (int) Math.round(Math.log(data.length) / Math.log(2)));
        for (int round = 0; round < rounds; round++) {
            if (descent.round() <= DELTA * data.length * k) {
                break;
            }
        }
        return descent.graph();
    }

    static int trees(int n) {
        return Math.min(16, 4 + (int) Math.round(Math.sqrt(n) / 40));
    }

    /** Every pair in each leaf of a few random-projection trees becomes a first guess. */
    private void seedWithTrees(int trees, int leafSize) {
        int[] order = new int[n];
        for (int t = 0; t < trees; t++) {
            Arrays.setAll(order, i -> i);
            split(order, 0, n, leafSize, random.split());
        }
    }

    private void split(int[] order, int from, int to, int leafSize, SplittableRandom rng) {
        while (to - from > leafSize) {
            double[] a = data[order[from + rng.nextInt(to - from)]];
            double[] b = data[order[from + rng.nextInt(to - from)]];
            // The hyperplane halfway between two random points; ties and identical points alternate sides.
            int lo = from;
            int hi = to - 1;
            boolean flip = false;
            while (lo <= hi) {
                double side = side(data[order[lo]], a, b);
                boolean left = side < 0 || (side == 0 && (flip = !flip));
                if (left) {
                    lo++;
                } else {
                    int swap = order[lo];
                    order[lo] = order[hi];
                    order[hi--] = swap;
                }
            }
            if (lo == from || lo == to) {
                lo = (from + to) >>> 1; // every point on one side: halve the range as it is
            }
            if (lo - from < to - lo) {
                split(order, from, lo, leafSize, rng);
                from = lo;
            } else {
                split(order, lo, to, leafSize, rng);
                to = lo;
            }
        }
        for (int i = from; i < to; i++) {
            for (int j = i + 1; j < to; j++) {
                double d = squared(data[order[i]], data[order[j]]);
                push(order[i], order[j], d);
                push(order[j], order[i], d);
            }
        }
    }

    private static double side(double[] x, double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += (b[i] - a[i]) * (x[i] - (a[i] + b[i]) / 2);
        }
        return s;
    }

    /** Rows that the trees left short of {@code k} neighbours (tiny leaves) get random ones. */
    private void fillRandomly() {
        for (int i = 0; i < n; i++) {
            // Random tries first, then every row in turn: a row always ends with k neighbours.
            for (int tries = 0; ids[i * k] < 0 && tries < 4 * k + n; tries++) {
                int j = tries < 4 * k ? random.nextInt(n) : tries - 4 * k;
                if (j != i) {
                    push(i, j, squared(data[i], data[j]));
                }
            }
        }
    }

    /** One round of descent; returns how many entries of the graph changed. */
    private long round() {
        int[] fresh = new int[n * MAX_CANDIDATES];
        int[] old = new int[n * MAX_CANDIDATES];
        int[] freshCount = new int[n];
        int[] oldCount = new int[n];
        int[] freshSeen = new int[n];
        int[] oldSeen = new int[n];
        for (int i = 0; i < n; i++) {
            for (int s = i * k; s < (i + 1) * k; s++) {
                int j = ids[s];
                if (j < 0) {
                    continue;
                }
                if (this.fresh[s]) {
                    boolean taken = sample(fresh, freshCount, freshSeen, i, j);
                    sample(fresh, freshCount, freshSeen, j, i);
                    if (taken) {
                        this.fresh[s] = false; // explored from now on
                    }
                } else {
                    sample(old, oldCount, oldSeen, i, j);
                    sample(old, oldCount, oldSeen, j, i);
                }
            }
        }
        return IntStream.range(0, n).parallel().mapToLong(i -> join(i, fresh, freshCount[i], old, oldCount[i])).sum();
    }

    /** Keeps a uniform sample of at most MAX_CANDIDATES of the values offered to {@code row}; whether {@code value} is in it. */
    private boolean sample(int[] lists, int[] count, int[] seen, int row, int value) {
        int base = row * MAX_CANDIDATES;
        for (int c = 0; c < count[row]; c++) {
            if (lists[base + c] == value) {
                return true;
            }
        }
        int offered = seen[row]++;
        if (count[row] < MAX_CANDIDATES) {
            lists[base + count[row]++] = value;
            return true;
        }
        int slot = random.nextInt(offered + 1);
        if (slot < MAX_CANDIDATES) {
            lists[base + slot] = value;
            return true;
        }
        return false;
    }

    /** Compares the new candidates of {@code i} with each other and with its old ones. */
    private long join(int i, int[] fresh, int freshCount, int[] old, int oldCount) {
        long changed = 0;
        int base = i * MAX_CANDIDATES;
        for (int a = 0; a < freshCount; a++) {
            int u = fresh[base + a];
            for (int b = a + 1; b < freshCount; b++) {
                changed += offer(u, fresh[base + b]);
            }
            for (int b = 0; b < oldCount; b++) {
                changed += offer(u, old[base + b]);
            }
        }
        return changed;
    }

    private int offer(int u, int v) {
        if (u == v) {
            return 0;
        }
        double d = squared(data[u], data[v]);
        return (d < distances[u * k] ? push(u, v, d) : 0) + (d < distances[v * k] ? push(v, u, d) : 0);
    }

    /** Puts {@code j} among row {@code i}'s neighbours if it is nearer than the farthest; 1 if it did. */
    private int push(int i, int j, double d) {
        synchronized (locks[i & (LOCKS - 1)]) {
            int base = i * k;
            if (d >= distances[base]) {
                return 0;
            }
            for (int s = base; s < base + k; s++) {
                if (ids[s] == j) {
                    return 0;
                }
            }
            // Replace the root (the farthest) and sift down.
            int at = 0;
            while (true) {
                int left = 2 * at + 1;
                if (left >= k) {
                    break;
                }
                int right = left + 1;
                int child = right < k && distances[base + right] > distances[base + left] ? right : left;
                if (distances[base + child] <= d) {
                    break;
                }
                ids[base + at] = ids[base + child];
                distances[base + at] = distances[base + child];
                fresh[base + at] = fresh[base + child];
                at = child;
            }
            ids[base + at] = j;
            distances[base + at] = d;
            fresh[base + at] = true;
            return 1;
        }
    }

    private NearestNeighborGraph graph() {
        int[][] neighbours = new int[n][];
        double[][] dist = new double[n][];
        Integer[] order = new Integer[k];
        for (int i = 0; i < n; i++) {
            int base = i * k;
            for (int s = 0; s < k; s++) {
                order[s] = s;
            }
            Arrays.sort(order, (x, y) -> Double.compare(distances[base + x], distances[base + y]));
            neighbours[i] = new int[k];
            dist[i] = new double[k];
            for (int s = 0; s < k; s++) {
                neighbours[i][s] = ids[base + order[s]];
                dist[i][s] = Math.sqrt(distances[base + order[s]]);
            }
        }
        return new NearestNeighborGraph(k, neighbours, dist);
    }

    static double squared(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - y[i];
            s += d * d;
        }
        return s;
    }
}
