package io.tokenatlas.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ColourDescriptorTest {
    static final double PINNED = 587.3511373735964;
    static BufferedImage figure(Color background, Color figure, int size) {
        BufferedImage image = new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(background);
        g.fillRect(0, 0, 100, 100);
        g.setColor(figure);
        g.fillRect(50 - size / 2, 50 - size / 2, size, size);
        g.dispose();
        return image;
    }

    static double cosine(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d += a[i] * b[i];
        }
        return d;
    }

    @Test
    void theBackgroundDoesNotCountAndTheFiguresColourDoes() {
        float[] redOnWhite = ColourDescriptor.of(figure(Color.WHITE, Color.RED, 40));
        float[] redOnBlue = ColourDescriptor.of(figure(new Color(40, 60, 200), Color.RED, 40));
        float[] greenOnWhite = ColourDescriptor.of(figure(Color.WHITE, new Color(0, 160, 0), 40));
        assertEquals(ColourDescriptor.DIMENSION, redOnWhite.length);
        assertEquals(1.0, cosine(redOnWhite, redOnWhite), 1e-5);
        assertTrue(cosine(redOnWhite, redOnBlue) > 0.99, "the same figure on another background");
        assertTrue(cosine(redOnWhite, greenOnWhite) < 0.1, "another colour");
    }

    @Test
    void aPictureThatIsAllBackgroundKeepsItsColour() {
        float[] grey = ColourDescriptor.of(figure(Color.GRAY, Color.GRAY, 10));
        assertEquals(1.0, cosine(grey, grey), 1e-5);
    }

    @Test
    void labOfKnownColours() {
        double[] white = ColourDescriptor.lab(0xffffff);
        assertEquals(100, white[0], 0.1);
        assertEquals(0, white[1], 0.1);
        double[] red = ColourDescriptor.lab(0xff0000);
        assertEquals(53.2, red[0], 0.2);
        assertEquals(80.1, red[1], 0.3);
        assertEquals(67.2, red[2], 0.3);
    }

    @Test
    void theHybridsCosineIsTheWeightedMeanOfBoth() {
        float[] e1 = Vectors.normalise(new float[] {1, 0, 0});
        float[] e2 = Vectors.normalise(new float[] {0, 1, 0});
        float[] c1 = Vectors.normalise(new float[] {1, 1});
        float[] c2 = Vectors.normalise(new float[] {1, 1});
        double cos = cosine(ColourDescriptor.hybrid(e1, c1, 0.5f), ColourDescriptor.hybrid(e2, c2, 0.5f));
        assertEquals(0.5, cos, 1e-5, "embeddings orthogonal, colours equal");
        double lean = cosine(ColourDescriptor.hybrid(e1, c1, 0.25f), ColourDescriptor.hybrid(e2, c2, 0.25f));
        assertEquals(0.0625 / (0.5625 + 0.0625), lean, 1e-5);
    }

    @Test
    void theDescriptorOfAKnownPictureStaysTheSame() {
        // A pinned answer (the sum of the bins weighted by their index): a faster computation must not change it.
        BufferedImage picture = new BufferedImage(80, 50, BufferedImage.TYPE_INT_RGB);
        java.util.Random random = new java.util.Random(3);
        for (int y = 0; y < picture.getHeight(); y++) {
            for (int x = 0; x < picture.getWidth(); x++) {
                picture.setRGB(x, y, x < 8 ? 0x204060 : random.nextInt(1 << 24));
            }
        }
        float[] d = ColourDescriptor.of(picture);
        double weighted = 0;
        for (int i = 0; i < d.length; i++) {
            weighted += (i + 1) * (double) d[i];
        }
        assertEquals(PINNED, weighted, 0.0);
    }
}
