package io.tokenatlas.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenatlas.testkit.FamilyArt;
import io.tokenatlas.testkit.Tools;
import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real MobileNetV2 from ../shared/models through ONNX Runtime. */
class OnnxEmbedderTest {
    static final List<Float> HALF = List.of(127.5f, 127.5f, 127.5f);
    static Path model;
    static OnnxEmbedder embedder;
    static Preprocessor preprocessor = new Preprocessor(224, HALF, HALF);

    @BeforeAll
    static void load() {
        model = Tools.model(Tools.MOBILENET_V2);
        embedder = new OnnxEmbedder(model, "input", "embedding", 1280, 224, 1);
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    static BufferedImage art(int family, long seed) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(FamilyArt.draw(family, seed).png()));
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }

    @Test
    void embedsABatchIntoUnitVectorsAndAMirroredImageStaysClose() throws IOException {
        BufferedImage robot = art(5, 1);
        BufferedImage mirrored = new AffineTransformOp(new AffineTransform(-1, 0, 0, 1, robot.getWidth(), 0),
                AffineTransformOp.TYPE_NEAREST_NEIGHBOR).filter(robot, null);
        BufferedImage forest = art(2, 1);
        int n = preprocessor.tensorLength();
        float[] batch = new float[3 * n];
        System.arraycopy(preprocessor.tensor(robot), 0, batch, 0, n);
        System.arraycopy(preprocessor.tensor(mirrored), 0, batch, n, n);
        System.arraycopy(preprocessor.tensor(forest), 0, batch, 2 * n, n);
        float[][] v = embedder.embed(batch, 3);
        assertEquals(3, v.length);
        assertEquals(1.0, cosine(v[0], v[0]), 1e-4, "unit length");
        double same = cosine(v[0], v[1]);
        double other = cosine(v[0], v[2]);
        assertTrue(same > 0.85, "mirrored copy: " + same);
        assertTrue(other < same - 0.2, "another family: " + other + " vs mirrored " + same);
    }

    @Test
    void aBatchGivesTheSameVectorsAsSingleImages() throws IOException {
        float[] a = preprocessor.tensor(art(0, 3));
        float[] b = preprocessor.tensor(art(3, 4));
        float[] both = new float[a.length * 2];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        float[][] batched = embedder.embed(both, 2);
        assertEquals(1.0, cosine(batched[0], embedder.embed(a, 1)[0]), 1e-4);
        assertEquals(1.0, cosine(batched[1], embedder.embed(b, 1)[0]), 1e-4);
    }

    @Test
    void threadsThatSleepBetweenOperatorsGiveTheSameVectors() throws IOException {
        float[] a = preprocessor.tensor(art(4, 5));
        try (OnnxEmbedder sleeping = new OnnxEmbedder(model, "input", "embedding", 1280, 224,
                io.tokenatlas.config.EmbeddingConfig.TensorLayout.NCHW, null, 0, 2, false)) {
            assertEquals(1.0, cosine(sleeping.embed(a, 1)[0], embedder.embed(a, 1)[0]), 1e-4);
        }
    }

    @Test
    void theLabelOutputGivesImagenetTagsBesideTheEmbedding() throws IOException {
        ModelLabels labels = ModelLabels.read(Tools.model(Tools.IMAGENET_LABELS));
        assertEquals(1001, labels.size());
        try (OnnxEmbedder withLabels = new OnnxEmbedder(model, "input", "embedding", 1280, 224,
                io.tokenatlas.config.EmbeddingConfig.TensorLayout.NCHW, "probs", labels.size(), 1)) {
            OnnxEmbedder.Inference inference = withLabels.infer(preprocessor.tensor(art(1, 2)), 1);
            assertEquals(1280, inference.vectors()[0].length);
            float sum = 0;
            for (float p : inference.labelScores()[0]) {
                assertTrue(p >= 0 && p <= 1, "a probability: " + p);
                sum += p;
            }
            // The uint8 output rounds the many tiny probabilities to zero, so they sum to less than 1.
            assertTrue(sum > 0.5 && sum < 1.05, "softmax scores sum to " + sum);
            List<ModelLabels.Tag> tags = labels.top(inference.labelScores()[0], 5, 0f);
            assertEquals(5, tags.size());
            assertTrue(tags.get(0).score() >= tags.get(4).score());
            System.out.println("MobileNetV2's labels for an Ocean picture: " + tags);
        }
        var wrong = assertThrows(IllegalStateException.class, () -> new OnnxEmbedder(model, "input", "embedding", 1280, 224,
                io.tokenatlas.config.EmbeddingConfig.TensorLayout.NCHW, "probs", 1000, 1));
        assertTrue(wrong.getMessage().contains("dimension 1001, the labels file has 1000"), wrong.getMessage());
    }

    @Test
    void theOtherSharedModelRunsByConfigurationAlone() throws IOException {
        try (OnnxEmbedder v1 = new OnnxEmbedder(Tools.model(Tools.MOBILENET_V1), "input", "embedding", 1024, 224, 1)) {
            float[][] v = v1.embed(preprocessor.tensor(art(4, 2)), 1);
            assertEquals(1024, v[0].length);
            assertEquals(1.0, cosine(v[0], v[0]), 1e-4);
        }
        var nhwc = assertThrows(IllegalStateException.class, () -> new OnnxEmbedder(model, "input", "embedding", 1280, 224,
                io.tokenatlas.config.EmbeddingConfig.TensorLayout.NHWC, null, 0, 1));
        assertTrue(nhwc.getMessage().contains("check atlas.embedding.layout"), nhwc.getMessage());
    }

    @Test
    void aWrongConfigurationIsRefusedAtLoadWithWhatTheModelHas() {
        var dim = assertThrows(IllegalStateException.class, () -> new OnnxEmbedder(model, "input", "embedding", 512, 224, 1));
        assertTrue(dim.getMessage().contains("dimension 1280"), dim.getMessage());
        var input = assertThrows(IllegalStateException.class, () -> new OnnxEmbedder(model, "pixels", "embedding", 1280, 224, 1));
        assertTrue(input.getMessage().contains("[input]"), input.getMessage());
        var output = assertThrows(IllegalStateException.class, () -> new OnnxEmbedder(model, "input", "features", 1280, 224, 1));
        assertTrue(output.getMessage().contains("embedding"), output.getMessage());
    }
}
