package io.tokenatlas.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class BlurHashTest {
    static final String BASE83 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";

    static BufferedImage halves(Color left, Color right, int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(left);
        g.fillRect(0, 0, w / 2, h);
        g.setColor(right);
        g.fillRect(w / 2, 0, w - w / 2, h);
        g.dispose();
        return image;
    }

    static int decode83(String s) {
        int v = 0;
        for (char c : s.toCharArray()) {
            v = v * 83 + BASE83.indexOf(c);
        }
        return v;
    }

    @Test
    void aPlainColourIsItsAverageWithLittleDetailAndHalvesHaveMuch() {
        String plain = BlurHash.of(halves(new Color(0x3366cc), new Color(0x3366cc), 300, 200));
        assertEquals(28, plain.length(), "4 x 3 components: 1 + 1 + 4 + 11 x 2 characters");
        assertEquals('L', plain.charAt(0), "the size flag of 4 x 3 components: 3 + 2 x 9 = 21");
        assertEquals(0x3366cc, BlurHash.averageColour(plain));
        // The second character is the largest component's size, quantised: (q + 1) / 166.
        int plainDetail = decode83(plain.substring(1, 2));
        int halvesDetail = decode83(BlurHash.of(halves(Color.BLACK, Color.WHITE, 300, 200)).substring(1, 2));
        assertTrue(plainDetail <= 8 && halvesDetail >= 40, plain + ": " + plainDetail + ", halves: " + halvesDetail);
    }

    @Test
    void theFirstHorizontalComponentSaysWhichSideIsBright() {
        String darkLeft = BlurHash.of(halves(Color.BLACK, Color.WHITE, 200, 200));
        String brightLeft = BlurHash.of(halves(Color.WHITE, Color.BLACK, 200, 200));
        int a = decode83(darkLeft.substring(6, 8));
        int b = decode83(brightLeft.substring(6, 8));
        // cos(pi x / w) is positive on the left: a bright left half makes the component positive (quantised above 9).
        assertTrue(a / (19 * 19) < 9 && b / (19 * 19) > 9, darkLeft + " " + brightLeft);
        assertEquals(BlurHash.averageColour(darkLeft), BlurHash.averageColour(brightLeft), "the same average either way");
        int grey = BlurHash.averageColour(darkLeft) & 0xff;
        // The average of black and white in linear light is sRGB ~188, not 128.
        assertTrue(grey > 180 && grey < 195, "the average in linear light: " + grey);
        assertNotEquals(darkLeft, brightLeft);
    }

    @Test
    void aLargePictureHashesLikeItsThumbnail() {
        BufferedImage big = halves(new Color(0xaa3311), new Color(0x1133aa), 1200, 900);
        int a = BlurHash.averageColour(BlurHash.of(big));
        int b = BlurHash.averageColour(BlurHash.of(Thumbnails.fit(big, 256)));
        for (int shift = 0; shift <= 16; shift += 8) {
            assertEquals(a >> shift & 0xff, b >> shift & 0xff, 2, "channel at bit " + shift);
        }
    }

    @Test
    void theHashOfAKnownPictureStaysTheSame() {
        // A pinned answer: a faster computation of the same sums must not change one character.
        BufferedImage picture = new BufferedImage(97, 61, BufferedImage.TYPE_INT_ARGB);
        java.util.Random random = new java.util.Random(11);
        for (int y = 0; y < picture.getHeight(); y++) {
            for (int x = 0; x < picture.getWidth(); x++) {
                int alpha = x < 10 ? 128 : 255;
                picture.setRGB(x, y, alpha << 24 | (x * 2 & 0xff) << 16 | (y * 4 & 0xff) << 8 | random.nextInt(256));
            }
        }
        assertEquals("LoDAocACv~V[hqbakTf%gKf6f7f8", BlurHash.of(picture));
        assertEquals("LgET4o|mn~J;oMjsfQa}fQfQfQfQ", BlurHash.of(halves(new Color(0xaa3311), new Color(0x1133aa), 640, 480)));
    }
}
