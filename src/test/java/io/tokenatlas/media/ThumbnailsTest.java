package io.tokenatlas.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ThumbnailsTest {
    /** A black and white checkerboard of {@code side} x {@code side} pixels. */
    static BufferedImage checker(int side) {
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                image.setRGB(x, y, (x + y) % 2 == 0 ? 0x000000 : 0xFFFFFF);
            }
        }
        return image;
    }

    static Set<Integer> colours(BufferedImage image) {
        Set<Integer> out = new HashSet<>();
        for (int p : image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth())) {
            out.add(p & 0xFFFFFF);
        }
        return out;
    }

    @Test
    void pixelArtEnlargedForTheModelKeepsHardPixels() {
        BufferedImage big = Thumbnails.scale(checker(24), 224, 224);
        assertEquals(Set.of(0x000000, 0xFFFFFF), colours(big), "only the artist's two colours, no blend");
        assertEquals(0x000000, big.getRGB(0, 0) & 0xFFFFFF);
        assertEquals(0xFFFFFF, big.getRGB(223, 0) & 0xFFFFFF, "the 24th pixel of the first row is white");
    }

    @Test
    void picturesEnlargedLessThanThreeTimesAreSmoothed() {
        assertTrue(colours(Thumbnails.scale(checker(100), 224, 224)).size() > 2, "bilinear in-between shades");
    }

    @Test
    void packedPixelsAreReadAsTheColourModelWouldAnswerThem() {
        java.util.Random random = new java.util.Random(5);
        for (int type : new int[] {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_4BYTE_ABGR,
                BufferedImage.TYPE_BYTE_INDEXED}) {
            BufferedImage image = new BufferedImage(37, 23, type);
            for (int y = 0; y < 23; y++) {
                for (int x = 0; x < 37; x++) {
                    image.setRGB(x, y, random.nextInt());
                }
            }
            assertArrayEquals(image.getRGB(0, 0, 37, 23, null, 0, 37), Thumbnails.argb(image), "type " + type);
            // A part of it shares its pixels, at an offset and with the whole image's row length.
            BufferedImage part = image.getSubimage(5, 3, 20, 11);
            assertArrayEquals(part.getRGB(0, 0, 20, 11, null, 0, 20), Thumbnails.argb(part), "part, type " + type);
        }
    }
}
