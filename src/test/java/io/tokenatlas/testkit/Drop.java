package io.tokenatlas.testkit;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeSet;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * A generated collection made the way real 10k drops are: every token is layers picked by weighted
 * rarity (base type, gender, eyes, mouth, headwear, up to several accessories, and for the painted
 * styles a background), drawn in one of three styles. Rarities run from 0.1 % to ~40 %; a trait's
 * look is fixed art as in a real drop (the type is a skin palette, headwear a shape and colour, an
 * accessory a few pixels). Everything follows from the seed and the token id, so a benchmark
 * re-derives the ground truth without storing it, and images are drawn when they are asked for.
 */
public final class Drop {
    /** How the drop is drawn. */
    public enum Style {
        /** 24x24 pixel art on a transparent background, as the classic pixel drops publish it. */
        PIXEL(24),
        /** ~600 px painted art: gradients, outlines, a background. */
        ILLUSTRATED(600),
        /** 2000 px painted art with film grain: PNG (1-4 MB) or JPEG, alternating. */
        LARGE(2000);

        final int size;

        Style(int size) {
            this.size = size;
        }

        public int size() {
            return size;
        }
    }

    /** One weighted trait value; {@code weight} in percent. */
    record Value(String name, double weight, Color colour) {}

    static final List<Value> TYPES = List.of(
            new Value("Light", 30, new Color(0xDBB180)), new Value("Medium", 27, new Color(0xAE8B61)),
            new Value("Tan", 22, new Color(0xC8925A)), new Value("Dark", 17.4, new Color(0x713F1D)),
            new Value("Zombie", 2.4, new Color(0x7DA269)), new Value("Ape", 1, new Color(0x856F56)),
            new Value("Alien", 0.2, new Color(0xC8FBFB)));
    static final List<Value> GENDERS = List.of(new Value("Male", 60, null), new Value("Female", 40, null));
    static final List<Value> EYES = List.of(
            new Value("Regular", 38, null), new Value("Classic Shades", 16, new Color(0x1A1A1A)),
            new Value("Nerd Glasses", 11, new Color(0x222222)), new Value("Big Shades", 9, new Color(0x5B2A86)),
            new Value("Eye Patch", 6, new Color(0x111111)), new Value("Clown Eyes", 5, new Color(0x2E7BD6)),
            new Value("3D Glasses", 3, new Color(0xE23B3B)), new Value("VR", 1, new Color(0x8A8A8A)),
            new Value("Laser Eyes", 0.3, new Color(0xFF2020)));
    static final List<Value> MOUTHS = List.of(
            new Value("Neutral", 40, new Color(0x3B2A20)), new Value("Smile", 30, new Color(0x3B2A20)),
            new Value("Frown", 20, new Color(0x3B2A20)), new Value("Buck Teeth", 7, Color.WHITE),
            new Value("Gold Tooth", 0.8, new Color(0xE8C547)));
    static final List<Value> HEADWEAR = List.of(
            new Value("None", 28, null), new Value("Cap", 14, new Color(0xC0392B)),
            new Value("Beanie", 12, new Color(0x2C7A7B)), new Value("Wild Hair", 11, new Color(0x1B1B1B)),
            new Value("Bandana", 9, new Color(0x7B3FA0)), new Value("Cowboy Hat", 8, new Color(0x8B5A2B)),
            new Value("Top Hat", 6, new Color(0x101010)), new Value("Hoodie", 5, new Color(0x6E6E6E)),
            new Value("Tiara", 4.5, new Color(0xE0E0F0)), new Value("Halo", 2, new Color(0xF5E663)),
            new Value("Crown", 0.5, new Color(0xE8B92F)));
    /** Each accessory is drawn independently with its probability: a token has none to several. */
    static final List<Value> ACCESSORIES = List.of(
            new Value("Earring", 24, new Color(0xE8C547)), new Value("Cigarette", 10, Color.WHITE),
            new Value("Gold Chain", 8, new Color(0xD4A017)), new Value("Freckles", 7, new Color(0x9A5B34)),
            new Value("Mole", 6, new Color(0x3A2210)), new Value("Choker", 4, new Color(0x0A0A0A)),
            new Value("Medical Mask", 3, new Color(0xBFE3F2)), new Value("Scar", 3, new Color(0xB03030)),
            new Value("Pipe", 2, new Color(0x6B3E1E)), new Value("Clown Nose", 1.2, new Color(0xE01010)),
            new Value("Rosy Cheeks", 4, new Color(0xE88A8A)));
    static final List<Value> BACKGROUNDS = List.of(
            new Value("Sky", 22, new Color(0x8EC5E6)), new Value("Mint", 18, new Color(0xA8E6C1)),
            new Value("Peach", 16, new Color(0xF6C6A8)), new Value("Lavender", 14, new Color(0xC9B6E4)),
            new Value("Slate", 12, new Color(0x637B8C)), new Value("Sand", 10, new Color(0xE9DCB5)),
            new Value("Crimson", 6, new Color(0xB8323C)), new Value("Void", 2, new Color(0x141414)));
    static final Color OUTLINE = new Color(0x111111);
    static final Color[] HAIR = {new Color(0x2B1B10), new Color(0xE6C15A), new Color(0xA0442A), new Color(0x111111)};

    /** The ground truth of one token: its categorical traits and its set of accessories. */
    public record Token(int id, Map<String, String> traits, SortedSet<String> accessories) {
        public String trait(String type) {
            return traits.get(type);
        }

        /** Its traits in one line: "Alien Female, Laser Eyes, Smile, Cap, Blue; Earring". */
        public String describe() {
            String line = traits.get("Type") + " " + String.join(", ", traits.values().stream().skip(1).toList());
            return accessories.isEmpty() ? line : line + "; " + String.join(", ", accessories);
        }
    }

    /** The categorical trait types, in the order the metadata lists them. */
    public static final List<String> TRAIT_TYPES = List.of("Type", "Gender", "Eyes", "Mouth", "Headwear", "Background");
    /** The multi-valued trait type. */
    public static final String ACCESSORY = "Accessory";

    private Drop() {}

    /** The traits of token {@code id} of the drop made from {@code seed}. */
    public static Token token(long seed, int id) {
        Random random = random(seed, id);
        Map<String, String> traits = new LinkedHashMap<>();
        traits.put("Type", pick(TYPES, random).name());
        traits.put("Gender", pick(GENDERS, random).name());
        traits.put("Eyes", pick(EYES, random).name());
        traits.put("Mouth", pick(MOUTHS, random).name());
        traits.put("Headwear", pick(HEADWEAR, random).name());
        traits.put("Background", pick(BACKGROUNDS, random).name());
        SortedSet<String> accessories = new TreeSet<>();
        for (Value accessory : ACCESSORIES) {
            if (random.nextDouble() * 100 < accessory.weight()) {
                accessories.add(accessory.name());
            }
        }
        return new Token(id, traits, accessories);
    }

    /** The traits a style shows: pixel art has no background (it is transparent). */
    public static List<String> traitTypes(Style style) {
        return style == Style.PIXEL ? TRAIT_TYPES.subList(0, TRAIT_TYPES.size() - 1) : TRAIT_TYPES;
    }

    /** The token's picture in {@code style}. */
    public static BufferedImage draw(Style style, Token token) {
        int size = style.size;
        BufferedImage image = new BufferedImage(size, size,
                style == Style.PIXEL ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            Painter p = style == Style.PIXEL ? new Painter(g, false) : new Painter(g, true);
            if (style != Style.PIXEL) {
                g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
                g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
                Color bg = value(BACKGROUNDS, token.trait("Background")).colour();
                g.setPaint(new GradientPaint(0, 0, bg.brighter(), 0, size, bg));
                g.fillRect(0, 0, size, size);
                g.scale(size / 24.0, size / 24.0);
            }
            character(p, token, random(token.id(), 7));
        } finally {
            g.dispose();
        }
        if (style == Style.LARGE) {
            grain(image, token.id());
        }
        return image;
    }

    /** The encoded picture: PNG, or JPEG for odd ids in the large style. */
    public static byte[] image(Style style, Token token) {
        BufferedImage image = draw(style, token);
        return jpeg(style, token) ? encodeJpeg(image) : encodePng(image);
    }

    public static String contentType(Style style, Token token) {
        return jpeg(style, token) ? "image/jpeg" : "image/png";
    }

    private static boolean jpeg(Style style, Token token) {
        return style == Style.LARGE && token.id() % 2 == 1;
    }

    /** The token's metadata JSON with its {@code attributes}, one entry per accessory. */
    public static String metadata(Style style, Token token, String imageUrl) {
        StringBuilder json = new StringBuilder("{\"name\":\"Drop #" + token.id() + "\",\"image\":\"" + imageUrl
                + "\",\"attributes\":[");
        List<String> attributes = new ArrayList<>();
        for (String type : traitTypes(style)) {
            attributes.add("{\"trait_type\":\"" + type + "\",\"value\":\"" + token.trait(type) + "\"}");
        }
        for (String accessory : token.accessories()) {
            attributes.add("{\"trait_type\":\"" + ACCESSORY + "\",\"value\":\"" + accessory + "\"}");
        }
        return json.append(String.join(",", attributes)).append("]}").toString();
    }

    /**
     * Serves the drop's metadata and images from {@code http} (drawn on request), deploys its
     * contract and mints {@code count} tokens; returns the contract address.
     */
    public static String publish(ChainWriter chain, StaticServer http, Style style, int count, long seed) {
        String address = chain.deployCollection("Drop " + style, "DROP");
        mint(chain, address, serve(http, style, seed), count);
        return address;
    }

    /**
     * Serves the drop's metadata and images from {@code http} (drawn on request); returns the
     * metadata URL prefix (token {@code id}'s tokenURI is the prefix followed by the id, in decimal or,
     * as an ERC-1155 {@code {id}} expands, as 64 hex digits).
     */
    public static String serve(StaticServer http, Style style, long seed) {
        String prefix = "/drop-" + style.name().toLowerCase() + "-" + seed;
        http.generate(prefix + "/image/", path -> {
            Token token = token(seed, id(path));
            return new StaticServer.Generated(image(style, token), contentType(style, token));
        });
        http.generate(prefix + "/meta/", path -> {
            Token token = token(seed, id(path));
            return new StaticServer.Generated(metadata(style, token, http.url() + prefix + "/image/" + token.id())
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/json");
        });
        return http.url() + prefix + "/meta/";
    }

    /** A token id in a URL: decimal, or the 64 hex digits of an ERC-1155 {@code {id}}. */
    private static int id(String path) {
        return path.length() == 64 ? Integer.parseInt(path.replaceFirst("^0+(?=.)", ""), 16) : Integer.parseInt(path);
    }

    /** Mints tokens 1..count on any contract with mintBatch(address, string[]), tokenURIs from {@link #serve}. */
    public static void mint(ChainWriter chain, String address, String metadataPrefix, int count) {
        List<String> batch = new ArrayList<>();
        for (int id = 1; id <= count; id++) {
            batch.add(metadataPrefix + id);
            if (batch.size() == 100 || id == count) {
                chain.mintBatch(address, batch);
                batch.clear();
            }
        }
    }

    /** A generator per token; nearby seeds are mixed apart (java.util.Random's first draws follow its seed). */
    static Random random(long seed, int id) {
        long z = seed * 0x9E3779B97F4A7C15L + id;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new Random(z ^ (z >>> 31));
    }

    static Value pick(List<Value> values, Random random) {
        double total = values.stream().mapToDouble(Value::weight).sum();
        double r = random.nextDouble() * total;
        for (Value v : values) {
            r -= v.weight();
            if (r < 0) {
                return v;
            }
        }
        return values.getLast();
    }

    static Value value(List<Value> values, String name) {
        return values.stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
    }

    /** Draws the layers in a 24-unit square, back to front. */
    private static void character(Painter p, Token token, Random random) {
        boolean female = token.trait("Gender").equals("Female");
        Color skin = value(TYPES, token.trait("Type")).colour();
        String headwear = token.trait("Headwear");
        Color hair = HAIR[random.nextInt(HAIR.length)];
        int left = female ? 8 : 7;
        int width = female ? 8 : 10;
        if (female && !headwear.equals("Hoodie")) {
            p.box(left - 1, 6, width + 2, 12, hair);
        }
        if (headwear.equals("Hoodie")) {
            p.box(5, 3, 14, 21, value(HEADWEAR, headwear).colour());
        }
        p.box(left + 2, 18, width - 4, 6, skin.darker());
        p.box(left, 5, width, 15, skin);
        p.outline(left, 5, width, 15);
        if (token.trait("Type").equals("Ape")) {
            p.box(left + 2, 13, width - 4, 6, skin.brighter());
        }
        if (female && !headwear.equals("Hoodie")) {
            p.box(left - 1, 4, width + 2, 3, hair);
        }
        eyes(p, token.trait("Eyes"), left, width);
        mouth(p, token.trait("Mouth"), female, left);
        for (String accessory : token.accessories()) {
            accessory(p, accessory, left, width);
        }
        head(p, headwear, left, width);
    }

    private static void eyes(Painter p, String eyes, int left, int width) {
        int l = left + 2;
        int r = left + width - 4;
        Color c = EYES.stream().filter(v -> v.name().equals(eyes)).findFirst().orElseThrow().colour();
        switch (eyes) {
            case "Regular" -> {
                p.box(l, 10, 2, 2, Color.WHITE);
                p.box(r, 10, 2, 2, Color.WHITE);
                p.box(l + 1, 10, 1, 2, OUTLINE);
                p.box(r + 1, 10, 1, 2, OUTLINE);
            }
            case "Classic Shades", "Big Shades" -> {
                int h = eyes.equals("Big Shades") ? 3 : 2;
                p.box(l - 1, 10, r - l + 4, 1, OUTLINE);
                p.box(l, 10, 2, h, c);
                p.box(r, 10, 2, h, c);
            }
            case "Nerd Glasses" -> {
                p.ring(l - 0.5, 9.5, 3, 3, c);
                p.ring(r - 0.5, 9.5, 3, 3, c);
                p.box(l + 2.5, 10.5, r - l - 2.5, 0.5, c);
            }
            case "Eye Patch" -> {
                p.box(left, 8, width, 1, c);
                p.box(l, 9, 3, 3, c);
                p.box(r, 10, 2, 2, Color.WHITE);
                p.box(r + 1, 10, 1, 2, OUTLINE);
            }
            case "Clown Eyes" -> {
                p.box(l, 9, 2, 3, c);
                p.box(r, 9, 2, 3, new Color(0x3DBA4A));
                p.box(l + 1, 10, 1, 1, OUTLINE);
                p.box(r + 1, 10, 1, 1, OUTLINE);
            }
            case "3D Glasses" -> {
                p.box(l - 1, 9, r - l + 4, 4, Color.WHITE);
                p.box(l, 10, 2, 2, c);
                p.box(r, 10, 2, 2, new Color(0x2F7DE1));
            }
            case "VR" -> p.box(left, 9, width, 4, c);
            case "Laser Eyes" -> {
                p.box(l, 10, 2, 2, c);
                p.box(r, 10, 2, 2, c);
                p.box(r + 2, 10.5, 24 - r - 2, 1, c);
            }
            default -> throw new IllegalArgumentException(eyes);
        }
    }

    private static void mouth(Painter p, String mouth, boolean female, int left) {
        int x = left + (female ? 2 : 3);
        Color lips = female ? new Color(0xB03A48) : value(MOUTHS, mouth).colour();
        switch (mouth) {
            case "Neutral" -> p.box(x, 16, 4, 1, lips);
            case "Smile" -> {
                p.box(x, 16, 4, 1, lips);
                p.box(x + 4, 15, 1, 1, lips);
            }
            case "Frown" -> {
                p.box(x, 16, 4, 1, lips);
                p.box(x - 1, 17, 1, 1, lips);
                p.box(x + 4, 17, 1, 1, lips);
            }
            case "Buck Teeth" -> {
                p.box(x, 16, 4, 1, lips);
                p.box(x + 1, 17, 2, 1, Color.WHITE);
            }
            case "Gold Tooth" -> {
                p.box(x, 16, 4, 1, lips);
                p.box(x + 2, 16, 1, 1, value(MOUTHS, mouth).colour());
            }
            default -> throw new IllegalArgumentException(mouth);
        }
    }

    private static void accessory(Painter p, String accessory, int left, int width) {
        Color c = value(ACCESSORIES, accessory).colour();
        switch (accessory) {
            case "Earring" -> p.disc(left - 1.5, 13, 1.5, 1.5, c);
            case "Cigarette" -> {
                p.box(left + 7, 16, 6, 1, c);
                p.box(left + 13, 16, 1, 1, new Color(0xE25822));
                p.box(left + 13, 12, 1, 3, new Color(0xC8C8C8, false));
            }
            case "Gold Chain" -> p.box(left + 1, 20, width - 2, 1, c);
            case "Freckles" -> {
                p.box(left + 2, 13, 1, 1, c);
                p.box(left + 3, 14, 1, 1, c);
                p.box(left + width - 3, 13, 1, 1, c);
                p.box(left + width - 4, 14, 1, 1, c);
            }
            case "Mole" -> p.box(left + 2, 15, 1, 1, c);
            case "Choker" -> p.box(left + 2, 19, width - 4, 1, c);
            case "Medical Mask" -> {
                p.box(left, 14, width, 4, c);
                p.box(left - 1, 13, 1, 1, c.darker());
                p.box(left + width, 13, 1, 1, c.darker());
            }
            case "Scar" -> {
                p.box(left + width - 3, 8, 1, 1, c);
                p.box(left + width - 4, 9, 1, 1, c);
                p.box(left + width - 5, 10, 1, 1, c);
            }
            case "Pipe" -> {
                p.box(left + 6, 17, 4, 1, c);
                p.box(left + 9, 15, 2, 2, c);
            }
            case "Clown Nose" -> p.disc(left + width / 2.0 - 1, 12.5, 2, 2, c);
            case "Rosy Cheeks" -> {
                p.box(left + 1, 14, 2, 1, c);
                p.box(left + width - 3, 14, 2, 1, c);
            }
            default -> throw new IllegalArgumentException(accessory);
        }
    }

    private static void head(Painter p, String headwear, int left, int width) {
        Color c = value(HEADWEAR, headwear).colour();
        switch (headwear) {
            case "None", "Hoodie" -> { }
            case "Cap" -> {
                p.box(left - 1, 3, width + 2, 4, c);
                p.box(left + width - 1, 6, 5, 1, c.darker());
            }
            case "Beanie" -> {
                p.box(left, 2, width, 5, c);
                p.box(left - 1, 6, width + 2, 1, c.brighter());
                p.disc(left + width / 2.0 - 1, 0.5, 2, 2, c.brighter());
            }
            case "Wild Hair" -> {
                for (int x = left - 2; x < left + width + 2; x += 2) {
                    p.box(x, 1 + (x % 4 == 0 ? 0 : 1), 1, 6, c);
                    p.box(x + 1, 2, 1, 5, c);
                }
            }
            case "Bandana" -> {
                p.box(left - 1, 5, width + 2, 2, c);
                p.box(left - 3, 6, 2, 2, c);
            }
            case "Cowboy Hat" -> {
                p.box(left + 1, 1, width - 2, 4, c);
                p.box(left - 3, 5, width + 6, 1, c.darker());
            }
            case "Top Hat" -> {
                p.box(left + 1, 0, width - 2, 5, c);
                p.box(left + 1, 3, width - 2, 1, new Color(0x8B1A1A));
                p.box(left - 2, 5, width + 4, 1, c);
            }
            case "Tiara" -> {
                p.box(left + 1, 4, width - 2, 1, c);
                p.box(left + width / 2, 3, 1, 1, new Color(0x3B82F6));
            }
            case "Halo" -> p.ring(left, 0.5, width, 2.5, c);
            case "Crown" -> {
                p.box(left, 2, width, 3, c);
                for (int x = left; x < left + width; x += 3) {
                    p.box(x, 0, 1, 2, c);
                }
                p.box(left + width / 2 - 1, 3, 2, 1, new Color(0xD02020));
            }
            default -> throw new IllegalArgumentException(headwear);
        }
    }

    /** Draws boxes and discs: hard pixels, or painted shapes with a gradient and an outline. */
    private record Painter(Graphics2D g, boolean painted) {
        void box(double x, double y, double w, double h, Color c) {
            fill(painted ? new RoundRectangle2D.Double(x, y, w, h, 0.6, 0.6) : new Rectangle2D.Double(x, y, w, h),
                    c, x, y, h);
        }

        void disc(double x, double y, double w, double h, Color c) {
            fill(painted ? new Ellipse2D.Double(x, y, w, h) : new Rectangle2D.Double(x, y, w, h), c, x, y, h);
        }

        void ring(double x, double y, double w, double h, Color c) {
            g.setColor(c);
            g.setStroke(new BasicStroke(painted ? 0.5f : 1f));
            g.draw(painted ? new Ellipse2D.Double(x, y, w, h) : new Rectangle2D.Double(x, y, w - 1, h - 1));
        }

        void outline(double x, double y, double w, double h) {
            g.setColor(OUTLINE);
            g.setStroke(new BasicStroke(painted ? 0.35f : 1f));
            g.draw(painted ? new RoundRectangle2D.Double(x, y, w, h, 3, 3) : new Rectangle2D.Double(x - 1, y - 1, w + 1, h + 1));
        }

        private void fill(Shape shape, Color c, double x, double y, double h) {
            if (painted) {
                g.setPaint(new GradientPaint((float) x, (float) y, c.brighter(), (float) x, (float) (y + h), c));
                g.fill(shape);
                g.setColor(c.darker().darker());
                g.setStroke(new BasicStroke(0.12f));
                g.draw(shape);
            } else {
                g.setColor(c);
                g.fill(shape);
            }
        }
    }

    /** Film grain: +-2 per channel, the noise that makes real large scans and renders big files. */
    private static void grain(BufferedImage image, int id) {
        Random random = new Random(id);
        int w = image.getWidth();
        int[] row = new int[w];
        for (int y = 0; y < image.getHeight(); y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int n = random.nextInt(5) - 2;
                int p = row[x];
                row[x] = (clamp(((p >> 16) & 0xff) + n) << 16) | (clamp(((p >> 8) & 0xff) + n) << 8) | clamp((p & 0xff) + n);
            }
            image.setRGB(0, y, w, 1, row, 0, w);
        }
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    static byte[] encodePng(BufferedImage image) {
        return io.tokenatlas.media.Thumbnails.png(image);
    }

    static byte[] encodeJpeg(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.98f);
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
