package io.tokenatlas.layout;

import java.util.Arrays;
import java.util.Random;
import smile.clustering.CentroidClustering;
import smile.clustering.KMeans;
import smile.math.MathEx;

/**
 * Groups the points of a map with k-means, k chosen from 2 to {@code maxClusters} by the mean
 * silhouette on a sample of the points; every point gets a cluster (0 .. k-1).
 */
public final class MapClusters {
    /** Fewer points than this form one cluster. */
    static final int MIN_POINTS = 12;
    /** Points the silhouette of each candidate k is measured on. */
    static final int SAMPLE = 1500;

    /** Each point's cluster and how many clusters there are. */
    public record Result(int[] labels, int count, double silhouette) {}

    private MapClusters() {}

    public static Result find(double[][] xy, int maxClusters, int minClusterSize, long seed) {
        int n = xy.length;
        int largestK = Math.min(maxClusters, n / Math.max(1, minClusterSize));
        if (n < MIN_POINTS || largestK < 2) {
            return new Result(new int[n], n == 0 ? 0 : 1, 0);
        }
        int[] sample = sample(n, seed);
        Result best = null;
        for (int k = 2; k <= largestK; k++) {
            MathEx.setSeed(seed + k);
            CentroidClustering<double[], double[]> fit = KMeans.fit(xy, k, 100);
            int[] labels = fit.group().clone();
            int found = relabel(labels);
            if (found < k) {
                continue; // an empty cluster: k is too many for these points
            }
            double s = silhouette(xy, labels, found, sample);
            if (best == null || s > best.silhouette() + 1e-9) {
                best = new Result(labels, found, s);
            }
        }
        return best == null ? new Result(new int[n], 1, 0) : best;
    }

    /** Renumbers labels 0..k-1 by first appearance (so that equal inputs give equal numbers); returns k. */
    static int relabel(int[] labels) {
        int[] map = new int[Arrays.stream(labels).max().orElse(-1) + 1];
        Arrays.fill(map, -1);
        int next = 0;
        for (int i = 0; i < labels.length; i++) {
            if (map[labels[i]] < 0) {
                map[labels[i]] = next++;
            }
            labels[i] = map[labels[i]];
        }
        return next;
    }

    /** Mean silhouette of the sampled points (distances among the sample only). */
    static double silhouette(double[][] xy, int[] labels, int k, int[] sample) {
        double total = 0;
        double[] sum = new double[k];
        int[] count = new int[k];
        for (int a : sample) {
            Arrays.fill(sum, 0);
            Arrays.fill(count, 0);
            for (int b : sample) {
                if (a != b) {
                    sum[labels[b]] += Math.hypot(xy[a][0] - xy[b][0], xy[a][1] - xy[b][1]);
                    count[labels[b]]++;
                }
            }
            int own = labels[a];
            if (count[own] == 0) {
                continue; // a singleton's silhouette is 0
            }
            double inside = sum[own] / count[own];
            double nearest = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                if (c != own && count[c] > 0) {
                    nearest = Math.min(nearest, sum[c] / count[c]);
                }
            }
            double widest = Math.max(inside, nearest);
            total += widest == 0 || Double.isInfinite(nearest) ? 0 : (nearest - inside) / widest;
        }
        return total / sample.length;
    }

    private static int[] sample(int n, long seed) {
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        if (n <= SAMPLE) {
            return all;
        }
        Random random = new Random(seed);
        for (int i = 0; i < SAMPLE; i++) {
            int j = i + random.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return Arrays.copyOf(all, SAMPLE);
    }
}
