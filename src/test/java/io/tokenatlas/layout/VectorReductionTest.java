package io.tokenatlas.layout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VectorReductionTest {
    @Test
    void fittedOnEveryVectorItReducesAsUmapsOwnPcaDid() {
        List<float[]> vectors = clustered(400, 120, 3);
        double[][] all = vectors.stream().map(VectorReductionTest::doubles).toArray(double[][]::new);
        double[][] expected = UmapProjection.reduce(all, 20);
        VectorReduction reduction = VectorReduction.fit(vectors, 20);
        assertEquals(20, reduction.width());
        // The same coordinates, each axis possibly turned the other way (an axis and its negation are one axis).
        double[] sign = new double[20];
        for (int a = 0; a < 20; a++) {
            sign[a] = Math.signum(expected[0][a]) * Math.signum(reduction.apply(vectors.get(0))[a]);
        }
        for (int i = 0; i < vectors.size(); i++) {
            double[] reduced = reduction.apply(vectors.get(i));
            for (int a = 0; a < 20; a++) {
                assertEquals(expected[i][a], sign[a] * reduced[a], 1e-6, "vector " + i + ", axis " + a);
            }
        }
    }

    @Test
    void fittedOnASampleItKeepsTheFamiliesOfTheVectorsItNeverSaw() {
        List<float[]> vectors = clustered(3000, 200, 11);
        VectorReduction reduction = VectorReduction.fit(vectors.subList(0, 500), 30);
        double[][] reduced = vectors.stream().map(reduction::apply).toArray(double[][]::new);
        // The nearest neighbour of a vector the fit never saw is still one of its own family.
        int kept = 0;
        int asked = 0;
        for (int q = 500; q < 3000; q += 25) {
            asked++;
            if (nearest(reduced, q) % 10 == q % 10) {
                kept++;
            }
        }
        assertEquals(asked, kept, kept + " of " + asked + " nearest neighbours in the same family");
    }

    @Test
    void narrowOrFewVectorsPassThrough() {
        List<float[]> narrow = clustered(100, 10, 1);
        assertEquals(10, VectorReduction.fit(narrow, 50).width());
        assertArrayEquals(doubles(narrow.get(3)), VectorReduction.fit(narrow, 50).apply(narrow.get(3)), 0);
        List<float[]> few = clustered(30, 200, 2);
        assertEquals(200, VectorReduction.fit(few, 50).width(), "30 vectors cannot give 50 components");
        assertEquals(0, VectorReduction.fit(List.of(), 50).width());
    }

    /** n vectors around 10 centres, {@code width} values each. */
    private static List<float[]> clustered(int n, int width, long seed) {
        Random random = new Random(seed);
        float[][] centres = new float[10][width];
        for (float[] c : centres) {
            for (int d = 0; d < width; d++) {
                c[d] = (float) random.nextGaussian();
            }
        }
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] c = centres[i % centres.length];
            float[] v = new float[width];
            for (int d = 0; d < width; d++) {
                v[d] = c[d] + 0.3f * (float) random.nextGaussian();
            }
            out.add(v);
        }
        return out;
    }

    private static int nearest(double[][] points, int q) {
        int best = -1;
        double bestDistance = Double.MAX_VALUE;
        for (int i = 0; i < points.length; i++) {
            if (i == q) {
                continue;
            }
            double d = 0;
            for (int j = 0; j < points[q].length; j++) {
                double diff = points[q][j] - points[i][j];
                d += diff * diff;
            }
            if (d < bestDistance) {
                bestDistance = d;
                best = i;
            }
        }
        return best;
    }

    private static double[] doubles(float[] v) {
        double[] out = new double[v.length];
        for (int j = 0; j < v.length; j++) {
            out[j] = v[j];
        }
        return out;
    }
}
