package io.tokenatlas.layout;

import io.tokenatlas.embedding.PrincipalAxes;
import java.util.List;
import java.util.function.Function;

/**
 * The PCA step before UMAP, fitted on a sample of a collection's vectors and applied one vector
 * at a time, so that a recompute holds every token at the reduced width only (100,000 tokens of
 * 1424 values as doubles would take 1.1 GB; at 50 they take 40 MB). Vectors no wider than the
 * target, or too few to fit on, pass through as they are.
 */
public final class VectorReduction {
    private final Function<double[], double[]> apply;
    private final int width;

    private VectorReduction(Function<double[], double[]> apply, int width) {
        this.apply = apply;
        this.width = width;
    }

    /** Fits the reduction to {@code dimensions} on {@code sample} (0 or fewer: none). */
    public static VectorReduction fit(List<float[]> sample, int dimensions) {
        int width = sample.isEmpty() ? 0 : sample.getFirst().length;
        if (dimensions <= 0 || width <= dimensions || sample.size() <= dimensions) {
            return new VectorReduction(v -> v, width);
        }
        double[][] data = new double[sample.size()][];
        for (int i = 0; i < data.length; i++) {
            data[i] = doubles(sample.get(i));
        }
        PrincipalAxes axes = PrincipalAxes.fit(data, dimensions);
        return new VectorReduction(axes::project, dimensions);
    }

    /** The width of what {@link #apply} returns. */
    public int width() {
        return width;
    }

    /** One vector, reduced. */
    public double[] apply(float[] vector) {
        return apply.apply(doubles(vector));
    }

    private static double[] doubles(float[] v) {
        double[] out = new double[v.length];
        for (int j = 0; j < v.length; j++) {
            out[j] = v[j];
        }
        return out;
    }
}
