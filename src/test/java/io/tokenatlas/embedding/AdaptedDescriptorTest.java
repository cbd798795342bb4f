package io.tokenatlas.embedding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AdaptedDescriptorTest {
    static final int MODEL = 64;
    static final int COLOUR = ColourDescriptor.DIMENSION;

    /**
     * Stored vectors of a drop: every token shares a large common part (pose, outline), varies a
     * lot along a few nuisance directions that no trait follows, and its trait (one of four) moves
     * it a little along its own direction, and a little noise. The colour part is noise in which the
     * trait leaves a faint mark (as a type's palette does).
     */
    static List<float[]> drop(int n, Random random, int[] traits) {
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] model = new float[MODEL];
            model[0] = 10;
            for (int d = 1; d <= 4; d++) {
                model[d] = (float) (random.nextGaussian() * 3);
            }
            traits[i] = random.nextInt(4);
            model[10 + traits[i]] += 0.8f;
            for (int d = 5; d < 30; d++) {
                model[d] += (float) (random.nextGaussian() * 0.05);
            }
            float[] colour = new float[COLOUR];
            for (int d = 0; d < COLOUR; d++) {
                colour[d] = (float) Math.abs(random.nextGaussian());
            }
            colour[traits[i]] += 1;
            out.add(ColourDescriptor.hybrid(Vectors.normalise(model), Vectors.normalise(colour), 0.35f));
        }
        return out;
    }

    /** Share of each token's 10 nearest (by cosine) that have its trait. */
    static double agreement(List<float[]> vectors, int[] traits) {
        double sum = 0;
        for (int q = 0; q < vectors.size(); q++) {
            List<Integer> order = new ArrayList<>();
            double[] scores = new double[vectors.size()];
            for (int i = 0; i < vectors.size(); i++) {
                order.add(i);
                scores[i] = i == q ? Double.NEGATIVE_INFINITY : dot(vectors.get(q), vectors.get(i));
            }
            order.sort((a, b) -> Double.compare(scores[b], scores[a]));
            int q0 = q;
            sum += order.subList(0, 10).stream().filter(i -> traits[i] == traits[q0]).count() / 10.0;
        }
        return sum / vectors.size();
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void whiteningFindsTheTraitThatTheCommonAndNuisancePartsHide() {
        int[] traits = new int[400];
        List<float[]> stored = drop(400, new Random(3), traits);
        AdaptedDescriptor fit = AdaptedDescriptor.fit(stored, MODEL);
        List<float[]> adapted = stored.stream().map(fit::project).toList();
        double before = agreement(stored, traits);
        double after = agreement(adapted, traits);
        // Random neighbours agree a quarter of the time.
        assertTrue(before < 0.4, "the stored vectors barely follow the trait: " + before);
        assertTrue(after > 0.6 && after > 1.8 * before, "the adapted ones do: " + after + " (stored " + before + ")");
    }

    @Test
    void projectsToUnitVectorsOfTheFixedLengthAndSurvivesTheDatabase() {
        int[] traits = new int[50];
        List<float[]> stored = drop(50, new Random(5), traits);
        AdaptedDescriptor fit = AdaptedDescriptor.fit(stored, MODEL);
        float[] v = fit.project(stored.get(7));
        assertEquals(AdaptedDescriptor.DIMENSION, v.length);
        assertEquals(1.0, Math.sqrt(dot(v, v)), 1e-5);
        // 50 tokens give 49 model axes at most: the rest of the model's share stays zero.
        assertEquals(0f, v[AdaptedDescriptor.MODEL_AXES - 1]);
        assertArrayEquals(v, AdaptedDescriptor.fromBytes(fit.toBytes()).project(stored.get(7)), 1e-6f);
    }

    @Test
    void storedVectorsWithoutColourAreAdaptedFromTheModelAlone() {
        Random random = new Random(9);
        List<float[]> stored = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            float[] v = new float[MODEL];
            for (int d = 0; d < MODEL; d++) {
                v[d] = (float) random.nextGaussian();
            }
            stored.add(Vectors.normalise(v));
        }
        float[] v = AdaptedDescriptor.fit(stored, MODEL).project(stored.getFirst());
        for (int i = AdaptedDescriptor.MODEL_AXES; i < v.length; i++) {
            assertEquals(0f, v[i], "no colour axes");
        }
        assertEquals(1.0, Math.sqrt(dot(v, v)), 1e-5);
    }

    @Test
    void aFitNeedsAFewVectors() {
        assertThrows(IllegalArgumentException.class, () -> AdaptedDescriptor.fit(List.of(new float[MODEL]), MODEL));
    }
}
