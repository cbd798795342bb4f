package io.tokenatlas.layout;

import smile.feature.extraction.PCA;
import smile.manifold.UMAP;
import smile.math.MathEx;

/**
 * Projects vectors to 2-D with UMAP (Smile), after an optional PCA, and scales both axes to
 * [0, 1]. Every input row gets a point, in input order: also exact duplicates and points whose
 * neighbour graph falls apart into components. The same input and seed give the same
 * neighbourhoods, not the same points: ARPACK's start vector for the spectral initialisation
 * comes from a generator inside the native library that no seed reaches.
 */
public final class UmapProjection {
    /** Below this many points UMAP has no neighbourhood to speak of: PCA places them. */
    static final int MIN_POINTS = 8;
    /** Up to this many points Smile finds every point's neighbours exactly (as its own UMAP does). */
    static final int EXACT_GRAPH = 10_000;

    /** UMAP's knobs, as recorded with every layout version. */
    public record Params(int neighbours, double minDist, int pcaDimensions, int epochs, long seed) {
        public Params {
            if (neighbours < 2) {
                throw new IllegalArgumentException("neighbours must be at least 2: " + neighbours);
            }
            if (minDist <= 0 || minDist > 1) {
                throw new IllegalArgumentException("min-dist must be in (0, 1]: " + minDist);
            }
        }

        public static Params defaults(long seed) {
            return new Params(15, 0.1, 50, 0, seed);
        }
    }

    private UmapProjection() {}

    public static double[][] project(double[][] vectors, Params params) {
        int n = vectors.length;
        if (n < MIN_POINTS) {
            return PcaProjection.project(vectors);
        }
        double[][] input = reduce(vectors, params.pcaDimensions());
        int k = Math.min(params.neighbours(), n - 1);
        // Smile draws UMAP's negative samples and noise from this thread's generator.
        MathEx.setSeed(params.seed());
        UMAP.Options options = new UMAP.Options(k, 2, params.epochs(), 1.0, params.minDist(), 1.0, 5, 1.0, 1.0);
        // Up to EXACT_GRAPH points the neighbour graph is exact (Smile's); above, it is searched (ours, lean on memory).
        double[][] xy = n <= EXACT_GRAPH ? UMAP.fit(input, options)
                : UMAP.fit(input, NeighbourDescent.of(input, k, params.seed()), options);
        if (xy.length != n) {
            throw new IllegalStateException("UMAP placed " + xy.length + " of " + n + " points");
        }
        return PcaProjection.normalise(xy);
    }

    /** PCA to {@code dimensions} when the vectors are wider than that and there are enough of them. */
    static double[][] reduce(double[][] vectors, int dimensions) {
        int width = vectors[0].length;
        if (dimensions <= 0 || width <= dimensions || vectors.length <= dimensions) {
            return vectors;
        }
        return PCA.fit(vectors).getProjection(dimensions).apply(vectors);
    }
}
