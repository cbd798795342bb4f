package io.tokenatlas.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class PictureMatchTest {
    private static byte[] grey(BufferedImage image) {
        return PerceptualHash.fingerprint(image).grey();
    }

    @Test
    void copiesMatchTheirOriginalBetterThanAnyOtherPicture() {
        BufferedImage original = PerceptualHashTest.picture(256, 7);
        byte[] of = grey(original);
        BufferedImage flipped = PerceptualHashTest.transformed(original, new AffineTransform(0, 1, -1, 0, 256, 0), 256, 256);
        BufferedImage written = PerceptualHashTest.transformed(original, new AffineTransform(), 256, 256);
        Graphics2D g = written.createGraphics();
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
        g.drawString("REMIX #7", 12, 240);
        g.dispose();
        BufferedImage cropped = original.getSubimage(13, 13, 230, 230);
        double best = -1;
        for (int i = 0; i < 20; i++) {
            best = Math.max(best, PictureMatch.similarity(of, grey(PerceptualHashTest.picture(256, 300 + i))));
        }
        for (BufferedImage copy : new BufferedImage[] {original, flipped, written, cropped}) {
            double score = PictureMatch.similarity(of, grey(copy));
            assertTrue(score >= 0.8 && score > best, score + " against " + best + " for an unrelated picture");
        }
        assertEquals(1.0, PictureMatch.similarity(of, of), 1e-9);
    }

    @Test
    void onlyFingerprintGreysAreCompared() {
        assertThrows(IllegalArgumentException.class, () -> PictureMatch.similarity(new byte[10], new byte[1024]));
    }
}
