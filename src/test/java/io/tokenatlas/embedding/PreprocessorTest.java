package io.tokenatlas.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreprocessorTest {
    static final List<Float> HALF = List.of(127.5f, 127.5f, 127.5f);

    static BufferedImage solid(int w, int h, Color c) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return image;
    }

    @Test
    void normalisesEachChannelIntoPlanes() {
        Preprocessor p = new Preprocessor(4, HALF, HALF);
        float[] t = p.tensor(solid(4, 4, new Color(255, 0, 127)));
        assertEquals(48, t.length);
        assertEquals(1f, t[0], 1e-6);
        assertEquals(-1f, t[16], 1e-6);
        assertEquals(-0.0039f, t[32], 1e-3);
    }

    @Test
    void perChannelMeanAndStd() {
        Preprocessor p = new Preprocessor(2, List.of(0f, 100f, 200f), List.of(1f, 2f, 4f));
        float[] t = p.tensor(solid(2, 2, new Color(10, 110, 220)));
        assertEquals(10f, t[0], 1e-6);
        assertEquals(5f, t[4], 1e-6);
        assertEquals(5f, t[8], 1e-6);
    }

    @Test
    void centreCropsAWideImageAfterResizingItsShorterSide() {
        BufferedImage wide = solid(300, 100, Color.RED);
        Graphics2D g = wide.createGraphics();
        g.setColor(Color.BLUE);
        g.fillRect(100, 0, 100, 100);
        g.dispose();
        Preprocessor p = new Preprocessor(10, HALF, HALF);
        BufferedImage crop = p.centreCrop(wide);
        assertEquals(10, crop.getWidth());
        assertEquals(10, crop.getHeight());
        assertEquals(Color.BLUE.getRGB(), crop.getRGB(5, 5));
        assertEquals(Color.BLUE.getRGB(), crop.getRGB(1, 5), "the red sides are cropped away");
    }

    @Test
    void nhwcInterleavesTheChannelsAndScaleOffsetNormalises() {
        Preprocessor p = new Preprocessor(2, io.tokenatlas.config.EmbeddingConfig.TensorLayout.NHWC,
                io.tokenatlas.config.EmbeddingConfig.Resize.CROP, new float[] {1 / 255f, 1 / 255f, 1 / 255f},
                new float[] {0, 0, -1}, Color.WHITE);
        float[] t = p.tensor(solid(2, 2, new Color(255, 0, 51)));
        assertEquals(12, t.length);
        assertEquals(1f, t[0], 1e-6);
        assertEquals(0f, t[1], 1e-6);
        assertEquals(-0.8f, t[2], 1e-6);
        assertEquals(1f, t[3], 1e-6, "the second pixel starts at index 3");
    }

    @Test
    void letterboxKeepsTheWholePictureOnTheBackground() {
        BufferedImage wide = solid(300, 100, Color.RED);
        Preprocessor p = new Preprocessor(30, io.tokenatlas.config.EmbeddingConfig.TensorLayout.NCHW,
                io.tokenatlas.config.EmbeddingConfig.Resize.LETTERBOX, new float[] {1, 1, 1}, new float[] {0, 0, 0}, Color.BLACK);
        BufferedImage boxed = p.letterbox(wide);
        assertEquals(30, boxed.getWidth());
        assertEquals(Color.RED.getRGB(), boxed.getRGB(1, 15), "the picture spans the whole width");
        assertEquals(Color.BLACK.getRGB(), boxed.getRGB(15, 2), "bands above and below");
        assertEquals(Color.BLACK.getRGB(), boxed.getRGB(15, 28));
        float[] t = p.tensor(wide);
        assertEquals(255f, t[15 * 30 + 1], 1e-6);
        assertEquals(0f, t[2 * 30 + 15], 1e-6);
    }

    @Test
    void refusesBadNormalisation() {
        assertThrows(IllegalArgumentException.class, () -> new Preprocessor(4, List.of(1f), HALF));
        assertThrows(IllegalArgumentException.class, () -> new Preprocessor(4, HALF, List.of(1f, 0f, 1f)));
    }

    @Test
    void normaliseMakesUnitVectorsAndLeavesZeroAlone() {
        float[] v = Vectors.normalise(new float[] {3, 4});
        assertEquals(0.6f, v[0], 1e-6);
        assertEquals(0.8f, v[1], 1e-6);
        float[] zero = Vectors.normalise(new float[] {0, 0});
        assertEquals(0f, zero[0]);
    }
}
