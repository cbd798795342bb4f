package io.tokenatlas.testkit;

import io.tokenatlas.media.Thumbnails;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;

/**
 * Generated collection art in clearly different visual families (scene, shapes, palette), with
 * per-token variation (positions, sizes, hue) and an accessory drawn on top. Deterministic for a seed.
 */
public final class FamilyArt {
    public static final List<String> FAMILIES = List.of("Sunburst", "Ocean", "Forest", "Night Sky", "Candy", "Robot");
    public static final List<String> ACCESSORIES = List.of("None", "Crown", "Glasses", "Heart");
    static final int SIZE = 256;

    /** One generated token picture and its traits. */
    public record Art(String family, String accessory, String palette, byte[] png) {}

    private FamilyArt() {}

    public static Art draw(int familyIndex, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        float hueShift = (random.nextFloat() - 0.5f) * 0.06f;
        String palette = hueShift < -0.01f ? "Cool" : hueShift > 0.01f ? "Warm" : "Classic";
        switch (familyIndex) {
            case 0 -> sunburst(g, random, hueShift);
            case 1 -> ocean(g, random, hueShift);
            case 2 -> forest(g, random, hueShift);
            case 3 -> nightSky(g, random, hueShift);
            case 4 -> candy(g, random, hueShift);
            case 5 -> robot(g, random, hueShift);
            default -> throw new IllegalArgumentException("no family " + familyIndex);
        }
        String accessory = ACCESSORIES.get(random.nextInt(ACCESSORIES.size()));
        accessory(g, random, accessory);
        g.dispose();
        return new Art(FAMILIES.get(familyIndex), accessory, palette, Thumbnails.png(image));
    }

    private static Color hsb(float h, float s, float b, float shift) {
        return Color.getHSBColor(((h + shift) % 1f + 1f) % 1f, s, b);
    }

    private static void sunburst(Graphics2D g, Random r, float shift) {
        g.setPaint(new GradientPaint(0, 0, hsb(0.08f, 0.9f, 1f, shift), 0, SIZE, hsb(0.98f, 0.85f, 0.8f, shift)));
        g.fillRect(0, 0, SIZE, SIZE);
        double cx = 80 + r.nextInt(96);
        double cy = 80 + r.nextInt(96);
        double radius = 40 + r.nextInt(25);
        g.setColor(hsb(0.14f, 0.9f, 1f, shift));
        g.setStroke(new BasicStroke(6 + r.nextInt(4), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        int rays = 10 + r.nextInt(6);
        for (int i = 0; i < rays; i++) {
            double a = 2 * Math.PI * i / rays;
            g.drawLine((int) (cx + Math.cos(a) * radius * 1.2), (int) (cy + Math.sin(a) * radius * 1.2),
                    (int) (cx + Math.cos(a) * radius * 2.0), (int) (cy + Math.sin(a) * radius * 2.0));
        }
        g.fill(new Ellipse2D.Double(cx - radius, cy - radius, 2 * radius, 2 * radius));
    }

    private static void ocean(Graphics2D g, Random r, float shift) {
        g.setPaint(new GradientPaint(0, 0, hsb(0.55f, 0.5f, 1f, shift), 0, SIZE, hsb(0.62f, 0.95f, 0.55f, shift)));
        g.fillRect(0, 0, SIZE, SIZE);
        g.setColor(new Color(255, 255, 255, 220));
        g.setStroke(new BasicStroke(4 + r.nextInt(3)));
        double phase = r.nextDouble() * Math.PI * 2;
        int waves = 4 + r.nextInt(3);
        for (int w = 0; w < waves; w++) {
            Path2D path = new Path2D.Double();
            double y0 = 60 + w * (SIZE - 60) / (double) waves;
            path.moveTo(0, y0);
            for (int x = 0; x <= SIZE; x += 4) {
                path.lineTo(x, y0 + 8 * Math.sin(x / 18.0 + phase + w));
            }
            g.draw(path);
        }
        double bx = 40 + r.nextInt(150);
        g.setColor(hsb(0.08f, 0.6f, 0.5f, shift));
        g.fill(polygon(bx, 70, bx + 60, 70, bx + 48, 88, bx + 12, 88));
        g.setColor(Color.WHITE);
        g.fill(polygon(bx + 30, 20, bx + 30, 66, bx + 55, 66));
    }

    private static void forest(Graphics2D g, Random r, float shift) {
        g.setColor(hsb(0.25f, 0.35f, 0.92f, shift));
        g.fillRect(0, 0, SIZE, SIZE);
        g.setColor(hsb(0.28f, 0.6f, 0.55f, shift));
        g.fillRect(0, 200, SIZE, 56);
        int trees = 3 + r.nextInt(4);
        for (int i = 0; i < trees; i++) {
            double x = r.nextInt(SIZE - 40) + 20;
            double h = 90 + r.nextInt(80);
            double w = 40 + r.nextInt(30);
            g.setColor(new Color(110, 70, 35));
            g.fillRect((int) x - 5, 200 - 20, 10, 30);
            g.setColor(hsb(0.33f, 0.85f, 0.35f + r.nextFloat() * 0.2f, shift));
            Path2D tree = new Path2D.Double();
            tree.moveTo(x, 200 - 20 - h);
            tree.lineTo(x + w / 2, 185);
            tree.lineTo(x - w / 2, 185);
            tree.closePath();
            g.fill(tree);
        }
    }

    private static void nightSky(Graphics2D g, Random r, float shift) {
        g.setColor(hsb(0.66f, 0.7f, 0.15f, shift));
        g.fillRect(0, 0, SIZE, SIZE);
        g.setColor(Color.WHITE);
        int stars = 60 + r.nextInt(60);
        for (int i = 0; i < stars; i++) {
            int s = 1 + r.nextInt(3);
            g.fillOval(r.nextInt(SIZE), r.nextInt(SIZE), s, s);
        }
        double mx = 60 + r.nextInt(130);
        double my = 50 + r.nextInt(120);
        double mr = 28 + r.nextInt(18);
        g.setColor(hsb(0.15f, 0.25f, 1f, shift));
        g.fill(new Ellipse2D.Double(mx - mr, my - mr, 2 * mr, 2 * mr));
        g.setColor(hsb(0.66f, 0.7f, 0.15f, shift));
        g.fill(new Ellipse2D.Double(mx - mr + mr * 0.5, my - mr - mr * 0.2, 2 * mr, 2 * mr));
    }

    private static void candy(Graphics2D g, Random r, float shift) {
        int cell = 24 + 8 * r.nextInt(3);
        Color a = hsb(0.92f, 0.45f, 1f, shift);
        Color b = Color.WHITE;
        for (int y = 0; y < SIZE; y += cell) {
            for (int x = 0; x < SIZE; x += cell) {
                g.setColor(((x / cell + y / cell) % 2 == 0) ? a : b);
                g.fillRect(x, y, cell, cell);
            }
        }
        double cx = 70 + r.nextInt(116);
        double cy = 60 + r.nextInt(80);
        double radius = 36 + r.nextInt(20);
        g.setColor(new Color(240, 240, 240));
        g.fillRect((int) cx - 4, (int) cy, 8, 120);
        g.setColor(hsb(0.8f, 0.8f, 0.85f, shift));
        g.fill(new Ellipse2D.Double(cx - radius, cy - radius, 2 * radius, 2 * radius));
        g.setColor(hsb(0.5f, 0.7f, 0.95f, shift));
        g.setStroke(new BasicStroke(6));
        g.draw(new Ellipse2D.Double(cx - radius * 0.55, cy - radius * 0.55, radius * 1.1, radius * 1.1));
    }

    private static void robot(Graphics2D g, Random r, float shift) {
        g.setColor(new Color(70, 74, 80));
        g.fillRect(0, 0, SIZE, SIZE);
        double w = 120 + r.nextInt(40);
        double h = 110 + r.nextInt(40);
        double x = (SIZE - w) / 2 + r.nextInt(21) - 10;
        double y = 70 + r.nextInt(20);
        g.setColor(new Color(185, 190, 198));
        g.fill(new RoundRectangle2D.Double(x, y, w, h, 24, 24));
        g.setColor(new Color(60, 60, 60));
        g.setStroke(new BasicStroke(3));
        g.draw(new RoundRectangle2D.Double(x, y, w, h, 24, 24));
        g.drawLine((int) (x + w / 2), (int) y, (int) (x + w / 2), (int) y - 30);
        Color eye = hsb(r.nextFloat(), 0.9f, 1f, shift);
        g.setColor(eye);
        g.fillRect((int) (x + w * 0.2), (int) (y + h * 0.3), 26, 18);
        g.fillRect((int) (x + w * 0.8) - 26, (int) (y + h * 0.3), 26, 18);
        g.setColor(new Color(40, 40, 40));
        for (int i = 0; i < 5; i++) {
            g.fillRect((int) (x + w * 0.25 + i * w * 0.1), (int) (y + h * 0.72), (int) (w * 0.06), 12);
        }
    }

    private static void accessory(Graphics2D g, Random r, String accessory) {
        int x = 20 + r.nextInt(170);
        int y = 10 + r.nextInt(40);
        switch (accessory) {
            case "Crown" -> {
                g.setColor(new Color(255, 205, 40));
                Path2D crown = new Path2D.Double();
                crown.moveTo(x, y + 40);
                crown.lineTo(x, y + 10);
                crown.lineTo(x + 15, y + 25);
                crown.lineTo(x + 30, y);
                crown.lineTo(x + 45, y + 25);
                crown.lineTo(x + 60, y + 10);
                crown.lineTo(x + 60, y + 40);
                crown.closePath();
                g.fill(crown);
            }
            case "Glasses" -> {
                g.setColor(Color.BLACK);
                g.setStroke(new BasicStroke(4));
                g.drawOval(x, y + 10, 24, 18);
                g.drawOval(x + 34, y + 10, 24, 18);
                g.drawLine(x + 24, y + 18, x + 34, y + 18);
            }
            case "Heart" -> {
                g.setColor(new Color(230, 30, 60));
                g.fillOval(x, y, 22, 22);
                g.fillOval(x + 18, y, 22, 22);
                g.fill(polygon(x + 1, y + 15, x + 39, y + 15, x + 20, y + 40));
            }
            default -> { }
        }
    }

    private static Path2D polygon(double... xy) {
        Path2D path = new Path2D.Double();
        path.moveTo(xy[0], xy[1]);
        for (int i = 2; i < xy.length; i += 2) {
            path.lineTo(xy[i], xy[i + 1]);
        }
        path.closePath();
        return path;
    }
}
