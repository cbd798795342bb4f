package io.tokenatlas.embedding;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenatlas.testkit.FamilyArt;
import io.tokenatlas.testkit.Tools;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Both shared models, each by configuration alone (file, names, dimension), on a generated
 * collection of six known families: the share of each picture's 5 nearest neighbours from its own
 * family (precision@5).
 */
class ModelQualityTest {
    static final int PER_FAMILY = 16;

    @ParameterizedTest
    @CsvSource({Tools.MOBILENET_V2 + ", 1280", Tools.MOBILENET_V1 + ", 1024"})
    void neighboursComeFromTheSameFamily(String file, int dimension) throws IOException {
        Preprocessor preprocessor = new Preprocessor(224, List.of(127.5f, 127.5f, 127.5f), List.of(127.5f, 127.5f, 127.5f));
        List<Integer> families = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        try (OnnxEmbedder embedder = new OnnxEmbedder(Tools.model(file), "input", "embedding", dimension, 224, 2)) {
            int n = preprocessor.tensorLength();
            for (int f = 0; f < FamilyArt.FAMILIES.size(); f++) {
                float[] batch = new float[PER_FAMILY * n];
                for (int i = 0; i < PER_FAMILY; i++) {
                    BufferedImage art = ImageIO.read(new ByteArrayInputStream(FamilyArt.draw(f, 9000 + i).png()));
                    preprocessor.tensor(art, batch, i * n);
                    families.add(f);
                }
                vectors.addAll(List.of(embedder.embed(batch, PER_FAMILY)));
            }
        }
        double precision = precisionAt5(vectors, families);
        System.out.printf("precision@5 of %s over %d pictures in %d families: %.3f%n", file, vectors.size(),
                FamilyArt.FAMILIES.size(), precision);
        assertTrue(precision >= 0.8, file + ": precision@5 " + precision);
    }

    static double precisionAt5(List<float[]> vectors, List<Integer> families) {
        double[] byFamily = precisionByFamily(vectors, families);
        double sum = 0;
        for (double p : byFamily) {
            sum += p;
        }
        return sum / byFamily.length;
    }

    /** Precision@5 of each family's members (families are 0..n-1, all of the same size). */
    static double[] precisionByFamily(List<float[]> vectors, List<Integer> families) {
        int count = families.stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        double[] sums = new double[count];
        int[] members = new int[count];
        double sum = 0;
        for (int i = 0; i < vectors.size(); i++) {
            double[] scores = new double[vectors.size()];
            for (int j = 0; j < vectors.size(); j++) {
                scores[j] = j == i ? Double.NEGATIVE_INFINITY : dot(vectors.get(i), vectors.get(j));
            }
            int same = 0;
            for (int k = 0; k < 5; k++) {
                int best = 0;
                for (int j = 1; j < scores.length; j++) {
                    if (scores[j] > scores[best]) {
                        best = j;
                    }
                }
                same += families.get(best).equals(families.get(i)) ? 1 : 0;
                scores[best] = Double.NEGATIVE_INFINITY;
            }
            sums[families.get(i)] += same / 5.0;
            members[families.get(i)]++;
        }
        for (int f = 0; f < count; f++) {
            sums[f] /= members[f];
        }
        return sums;
    }

    static double dot(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d += a[i] * b[i];
        }
        return d;
    }
}
