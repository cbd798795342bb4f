package io.tokenatlas.layout;

import io.tokenatlas.layout.ClusterNames.Feature;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One full layout of a collection from its vectors: UMAP, aligned to the previous version on the
 * tokens both share, scaled to [0, 1]; the grid; clusters and their names. Pure: the caller loads
 * the inputs and stores the result.
 */
public final class LayoutComputation {
    /** The tokens to lay out, their vectors and their features (traits and tags), in one order. */
    public record Input(List<BigInteger> tokenIds, double[][] vectors, List<? extends Set<Feature>> features) {}

    public record Settings(UmapProjection.Params umap, int exactGridLimit, int maxClusters, int minClusterSize) {}

    /** A cluster: its name, size and centre on the map. */
    public record Cluster(int id, String name, int size, double x, double y) {}

    /** Positions in [0, 1], grid cells, clusters, and how the version was aligned to the previous one. */
    public record Output(double[][] xy, Grid grid, int[] cells, GridAssignment.Method gridMethod, double gridCost,
            int[] clusterOf, List<Cluster> clusters, Procrustes.Transform alignment, int alignedOn,
            double alignmentResidual, long umapMillis, long gridMillis, long clusterMillis) {}

    /** Fewer shared tokens than this leave the new version as UMAP placed it. */
    static final int MIN_SHARED = 3;

    private LayoutComputation() {}

    public static Output compute(Input in, Map<BigInteger, double[]> previous, Settings settings) {
        int n = in.tokenIds().size();
        long t0 = System.nanoTime();
        double[][] raw = UmapProjection.project(in.vectors(), settings.umap());

        List<double[]> moving = new ArrayList<>();
        List<double[]> target = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] before = previous.get(in.tokenIds().get(i));
            if (before != null) {
                moving.add(raw[i]);
                target.add(before);
            }
        }
        Procrustes.Transform alignment = Procrustes.Transform.IDENTITY;
        double residual = 0;
        if (moving.size() >= MIN_SHARED) {
            double[][] m = moving.toArray(double[][]::new);
            double[][] t = target.toArray(double[][]::new);
            alignment = Procrustes.fit(m, t);
            residual = Procrustes.residual(alignment, m, t);
        }
        double[][] xy = PcaProjection.normalise(alignment.apply(raw));
        long t1 = System.nanoTime();

        GridAssignment.Result grid = GridAssignment.assign(xy, settings.exactGridLimit());
        long t2 = System.nanoTime();

        MapClusters.Result found = MapClusters.find(xy, settings.maxClusters(), settings.minClusterSize(),
                settings.umap().seed());
        List<Cluster> clusters = describe(in, xy, found);
        long t3 = System.nanoTime();
        return new Output(xy, grid.grid(), grid.cells(), grid.method(), grid.cost(), found.labels(), clusters,
                alignment, moving.size(), residual, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
                (t3 - t2) / 1_000_000);
    }

    private static List<Cluster> describe(Input in, double[][] xy, MapClusters.Result found) {
        int k = found.count();
        double[] sx = new double[k];
        double[] sy = new double[k];
        int[] size = new int[k];
        for (int i = 0; i < xy.length; i++) {
            int c = found.labels()[i];
            sx[c] += xy[i][0];
            sy[c] += xy[i][1];
            size[c]++;
        }
        List<BigInteger> central = new ArrayList<>(k);
        for (int c = 0; c < k; c++) {
            sx[c] /= Math.max(1, size[c]);
            sy[c] /= Math.max(1, size[c]);
            int best = -1;
            double bestD = Double.POSITIVE_INFINITY;
            for (int i = 0; i < xy.length; i++) {
                if (found.labels()[i] == c) {
                    double d = Math.hypot(xy[i][0] - sx[c], xy[i][1] - sy[c]);
                    if (d < bestD) {
                        bestD = d;
                        best = i;
                    }
                }
            }
            central.add(best < 0 ? BigInteger.ZERO : in.tokenIds().get(best));
        }
        List<String> names = ClusterNames.name(found.labels(), k, in.features(), central);
        List<Cluster> clusters = new ArrayList<>(k);
        for (int c = 0; c < k; c++) {
            clusters.add(new Cluster(c, names.get(c), size[c], sx[c], sy[c]));
        }
        return clusters;
    }
}
