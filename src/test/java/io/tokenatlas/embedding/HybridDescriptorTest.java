package io.tokenatlas.embedding;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenatlas.testkit.PaletteArt;
import io.tokenatlas.testkit.Tools;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hybrid descriptor on pixel-art families that differ only by palette or only by shape:
 * precision@5 of the CNN alone, the colour descriptor alone, and their weighted mixes.
 */
class HybridDescriptorTest {
    static final int PER_FAMILY = 20;

    @Test
    void theHybridFindsBothPaletteAndShapeFamilies() {
        List<Integer> families = new ArrayList<>();
        List<float[]> cnn = new ArrayList<>();
        List<float[]> colour = new ArrayList<>();
        Preprocessor preprocessor = new Preprocessor(224, List.of(127.5f, 127.5f, 127.5f), List.of(127.5f, 127.5f, 127.5f));
        try (OnnxEmbedder embedder = new OnnxEmbedder(Tools.model(Tools.MOBILENET_V2), "input", "embedding", 1280, 224, 2)) {
            for (int f = 0; f < PaletteArt.FAMILIES.size(); f++) {
                float[] batch = new float[PER_FAMILY * preprocessor.tensorLength()];
                for (int i = 0; i < PER_FAMILY; i++) {
                    BufferedImage art = PaletteArt.draw(f, i);
                    preprocessor.tensor(art, batch, i * preprocessor.tensorLength());
                    colour.add(ColourDescriptor.of(art));
                    families.add(f);
                }
                cnn.addAll(List.of(embedder.embed(batch, PER_FAMILY)));
            }
        }
        StringBuilder table = new StringBuilder("colour weight | precision@5 (all) | palette families | shape families\n");
        double cnnOnly = 0;
        double colourOnly = 0;
        double best = 0;
        for (float w : new float[] {0f, 0.1f, 0.2f, 0.3f, 0.35f, 0.4f, 0.5f, 0.6f, 0.8f, 1f}) {
            List<float[]> mixed = new ArrayList<>();
            for (int i = 0; i < cnn.size(); i++) {
                mixed.add(ColourDescriptor.hybrid(cnn.get(i), colour.get(i), w));
            }
            double[] p = ModelQualityTest.precisionByFamily(mixed, families);
            double all = mean(p, 0, p.length);
            table.append(String.format("%.2f | %.3f | %.3f | %.3f%n", w, all, mean(p, 0, 3), mean(p, 3, 6)));
            if (w == 0f) {
                cnnOnly = all;
            } else if (w == 1f) {
                colourOnly = all;
            } else {
                best = Math.max(best, all);
            }
        }
        System.out.print(table);
        float chosen = defaultWeight();
        double atDefault = precision(cnn, colour, families, chosen);
        System.out.printf("the default colour weight %.2f: precision@5 %.3f (model alone %.3f, colour alone %.3f)%n",
                chosen, atDefault, cnnOnly, colourOnly);
        assertTrue(best > cnnOnly && best > colourOnly, "a mix beats both parts alone:\n" + table);
        assertTrue(atDefault >= best - 0.005, "the default weight is among the best:\n" + table);
    }

    /** The demo's families (scenes that differ in both shape and colour) stay as well separated with the default mix. */
    @Test
    void theDefaultMixKeepsTheDemoFamiliesApart() throws java.io.IOException {
        List<Integer> families = new ArrayList<>();
        List<float[]> cnn = new ArrayList<>();
        List<float[]> colour = new ArrayList<>();
        Preprocessor preprocessor = new Preprocessor(224, List.of(127.5f, 127.5f, 127.5f), List.of(127.5f, 127.5f, 127.5f));
        try (OnnxEmbedder embedder = new OnnxEmbedder(Tools.model(Tools.MOBILENET_V2), "input", "embedding", 1280, 224, 2)) {
            for (int f = 0; f < io.tokenatlas.testkit.FamilyArt.FAMILIES.size(); f++) {
                for (int i = 0; i < 12; i++) {
                    BufferedImage art = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(
                            io.tokenatlas.testkit.FamilyArt.draw(f, 500 + i).png()));
                    cnn.add(embedder.embed(preprocessor.tensor(art), 1)[0]);
                    colour.add(ColourDescriptor.of(art));
                    families.add(f);
                }
            }
        }
        double p = precision(cnn, colour, families, defaultWeight());
        System.out.printf("the demo families with the default colour weight: precision@5 %.3f%n", p);
        assertTrue(p >= 0.95, "precision@5 " + p);
    }

    static double precision(List<float[]> cnn, List<float[]> colour, List<Integer> families, float weight) {
        List<float[]> mixed = new ArrayList<>();
        for (int i = 0; i < cnn.size(); i++) {
            mixed.add(ColourDescriptor.hybrid(cnn.get(i), colour.get(i), weight));
        }
        return ModelQualityTest.precisionAt5(mixed, families);
    }

    static float defaultWeight() {
        try {
            return Float.parseFloat(io.tokenatlas.config.EmbeddingConfig.class.getMethod("colourWeight")
                    .getAnnotation(io.smallrye.config.WithDefault.class).value());
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    static double mean(double[] values, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += values[i];
        }
        return sum / (to - from);
    }
}
