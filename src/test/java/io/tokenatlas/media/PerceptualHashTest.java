package io.tokenatlas.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class PerceptualHashTest {
    /** A picture with no symmetry: a gradient, a disc off centre and a bar. */
    static BufferedImage picture(int size, long seed) {
        java.util.Random random = new java.util.Random(seed);
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(random.nextInt(0xFFFFFF)), size, size / 3f,
                new Color(random.nextInt(0xFFFFFF))));
        g.fillRect(0, 0, size, size);
        g.setColor(new Color(random.nextInt(0xFFFFFF)));
        g.fillOval(size / 8 + random.nextInt(size / 4), size / 6 + random.nextInt(size / 4), size / 3, size / 3);
        g.setColor(new Color(random.nextInt(0xFFFFFF)));
        g.fillRect(random.nextInt(size / 2), size / 2 + random.nextInt(size / 3), size / 3, size / 10);
        g.dispose();
        return image;
    }

    static BufferedImage transformed(BufferedImage in, AffineTransform t, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(in, t, null);
        g.dispose();
        return out;
    }

    @Test
    void theHashesOfFlipsAndQuarterTurnsFollowFromTheHashAlone() {
        BufferedImage picture = picture(200, 1);
        long hash = PerceptualHash.of(picture);
        long[] variants = PerceptualHash.variants(hash);
        AffineTransform[] turns = {
            new AffineTransform(-1, 0, 0, 1, 200, 0), // mirrored left-right
            new AffineTransform(1, 0, 0, -1, 0, 200), // top-bottom
            new AffineTransform(-1, 0, 0, -1, 200, 200), // half turn
            new AffineTransform(0, 1, 1, 0, 0, 0), // transposed
            new AffineTransform(0, 1, -1, 0, 200, 0), // quarter turn
            new AffineTransform(0, -1, 1, 0, 0, 200), // the other quarter turn
        };
        for (AffineTransform t : turns) {
            long turned = PerceptualHash.of(transformed(picture, t, 200, 200));
            int best = 64;
            for (long v : variants) {
                best = Math.min(best, PerceptualHash.distance(v, turned));
            }
            assertTrue(best <= 2, t + ": " + best + " bits from the nearest variant");
            assertTrue(PerceptualHash.distance(hash, turned) > 4, t + " is not the picture itself");
            assertEquals(best, PerceptualHash.dihedralDistance(turned, hash));
        }
    }

    @Test
    void aFrameAroundThePictureChangesNothingAndAGradientIsNoFrame() {
        BufferedImage picture = picture(300, 2);
        BufferedImage framed = new BufferedImage(360, 360, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = framed.createGraphics();
        g.setColor(new Color(0xF4F1E8));
        g.fillRect(0, 0, 360, 360);
        g.drawImage(picture, 30, 30, null);
        g.dispose();
        assertTrue(PerceptualHash.distance(PerceptualHash.of(picture), PerceptualHash.of(framed)) <= 3);
        assertEquals(picture, PerceptualHash.trimFrames(picture), "a gradient's edge rows are not cut");
        BufferedImage inside = PerceptualHash.trimFrames(framed);
        assertEquals(300, inside.getWidth(), 2);
        assertEquals(300, inside.getHeight(), 2);
    }

    @Test
    void aCroppedCopyHashesLikeTheCentreOfItsOriginal() {
        BufferedImage picture = picture(400, 3);
        PerceptualHash.Fingerprint original = PerceptualHash.fingerprint(picture);
        long cropped = PerceptualHash.of(picture.getSubimage(20, 20, 360, 360));
        assertTrue(PerceptualHash.distance(original.centreHash(), cropped) <= 4,
                PerceptualHash.distance(original.centreHash(), cropped) + " bits");
        assertTrue(PerceptualHash.copyDistance(original.hash(), original.centreHash(), cropped, cropped) <= 4);
    }

    @Test
    void unrelatedPicturesAreFarApartUnderEveryTurn() {
        int close = 0;
        for (int i = 0; i < 30; i++) {
            long a = PerceptualHash.of(picture(128, 100 + i));
            long b = PerceptualHash.of(picture(128, 200 + i));
            if (PerceptualHash.dihedralDistance(a, b) <= 6) {
                close++;
            }
        }
        assertTrue(close <= 3, close + " of 30 unrelated pairs within 6 bits");
    }
}
