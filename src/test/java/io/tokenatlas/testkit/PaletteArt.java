package io.tokenatlas.testkit;

import io.tokenatlas.media.Thumbnails;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;

/**
 * Generated pixel-art portraits (24 x 24 pixels drawn at 10x) in six families: three bare heads
 * that differ only by skin colour, and three heads of one shared skin that differ only by shape
 * (mohawk, hood, beard). Every token also gets random details: one of four backgrounds, its
 * position, freckles, an earring or a pipe. A photo-trained CNN sees the shapes; a colour
 * histogram sees the palettes; a good descriptor must see both.
 */
public final class PaletteArt {
    public static final List<String> FAMILIES = List.of("Green", "Blue", "Tan", "Mohawk", "Hood", "Beard");
    static final int GRID = 24;
    static final int SCALE = 10;
    /** Skin colours of the palette families: alike in lightness, apart in hue. */
    private static final Color[] SKINS = {new Color(150, 168, 118), new Color(128, 150, 176), new Color(186, 150, 128)};
    private static final Color SHARED_SKIN = new Color(176, 132, 170);
    /** Backgrounds drawn at random for every token, whatever its family. */
    private static final Color[] BACKGROUNDS = {new Color(210, 220, 230), new Color(240, 225, 200),
        new Color(200, 230, 205), new Color(235, 205, 215)};
    private static final Color INK = new Color(30, 30, 34);

    private PaletteArt() {}

    /** The picture of token {@code seed} of family {@code family} (an index into {@link #FAMILIES}). */
    public static BufferedImage draw(int family, long seed) {
        Random r = new Random(seed * 31 + family);
        boolean byPalette = family < 3;
        Color base = byPalette ? SKINS[family] : SHARED_SKIN;
        int headwear = byPalette ? 0 : family - 2; // 0 none, 1 mohawk, 2 hood, 3 beard
        BufferedImage image = new BufferedImage(GRID * SCALE, GRID * SCALE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(jitter(BACKGROUNDS[r.nextInt(BACKGROUNDS.length)], r));
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        int dx = r.nextInt(3) - 1;
        Color skin = jitter(base, r);
        cells(g, skin, dx, 7, 5, 10, 15);
        cells(g, skin, dx, 9, 20, 6, 4); // neck
        cells(g, INK, dx, 9, 10, 2, 2);
        cells(g, INK, dx, 13, 10, 2, 2);
        cells(g, INK, dx, 10, 15, 4, 1);
        for (int i = 0; i < 3; i++) {
            cells(g, skin.darker(), dx, 8 + r.nextInt(8), 7 + r.nextInt(10), 1, 1);
        }
        if (r.nextBoolean()) {
            cells(g, INK, dx, 8, 9, 8, 1); // glasses
            cells(g, new Color(90, 200, 230), dx, 9, 10, 2, 2);
            cells(g, new Color(90, 200, 230), dx, 13, 10, 2, 2);
        }
        switch (r.nextInt(3)) {
            case 1 -> cells(g, new Color(240, 200, 40), dx, 6, 13, 1, 2); // an earring
            case 2 -> cells(g, new Color(120, 80, 40), dx, 14, 16, 4, 1); // a pipe
            default -> { }
        }
        switch (headwear) {
            case 1 -> cells(g, INK, dx, 10, 0, 4, 6);
            case 2 -> {
                cells(g, INK, dx, 5, 2, 14, 4);
                cells(g, INK, dx, 5, 2, 2, 18);
                cells(g, INK, dx, 17, 2, 2, 18);
            }
            case 3 -> {
                cells(g, INK, dx, 7, 16, 10, 6);
                cells(g, skin, dx, 10, 15, 4, 1);
            }
            default -> { }
        }
        g.dispose();
        return image;
    }

    public static byte[] png(int family, long seed) {
        return Thumbnails.png(draw(family, seed));
    }

    private static Color jitter(Color c, Random r) {
        int d = r.nextInt(13) - 6;
        return new Color(clamp(c.getRed() + d), clamp(c.getGreen() + d), clamp(c.getBlue() + d));
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static void cells(Graphics2D g, Color c, int dx, int x, int y, int w, int h) {
        g.setColor(c);
        g.fillRect((x + dx) * SCALE, y * SCALE, w * SCALE, h * SCALE);
    }
}
