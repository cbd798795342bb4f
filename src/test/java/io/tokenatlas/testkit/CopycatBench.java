package io.tokenatlas.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Copymints: tokens of a generated drop re-minted by another contract after one edit each, the way
 * copies turn up on chain, and what /duplicates (default thresholds) finds of them per edit:
 * recall (copies grouped with their original) and precision (of the original-collection tokens
 * grouped with a copy, the share that is its original).
 */
public final class CopycatBench {
    /** One way a copier changes the picture. */
    public enum Edit {
        REENCODE, RESIZE, FLIP, ROTATE, CROP, BORDER, COLOUR_SWAP, TEXT;

        BufferedImage apply(BufferedImage in, Drop.Token token) {
            int w = in.getWidth();
            int h = in.getHeight();
            return switch (this) {
                case REENCODE -> in;
                case RESIZE -> scale(in, w * 2 / 3, h * 2 / 3);
                case FLIP -> transform(in, new AffineTransform(-1, 0, 0, 1, w, 0), w, h);
                case ROTATE -> transform(in, new AffineTransform(0, 1, -1, 0, h, 0), h, w);
                case CROP -> in.getSubimage(w / 20, h / 20, w - w / 10, h - h / 10);
                case BORDER -> {
                    BufferedImage out = new BufferedImage(w + w / 5, h + h / 5, BufferedImage.TYPE_INT_RGB);
                    Graphics2D g = out.createGraphics();
                    g.setColor(new Color(0xF4F1E8));
                    g.fillRect(0, 0, out.getWidth(), out.getHeight());
                    g.drawImage(in, w / 10, h / 10, null);
                    g.dispose();
                    yield out;
                }
                case COLOUR_SWAP -> {
                    // The background layer in another of the drop's colours.
                    Color from = Drop.value(Drop.BACKGROUNDS, token.trait("Background")).colour();
                    Color to = Drop.BACKGROUNDS.get((Drop.BACKGROUNDS.indexOf(Drop.value(Drop.BACKGROUNDS,
                            token.trait("Background"))) + 3) % Drop.BACKGROUNDS.size()).colour();
                    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
                    for (int y = 0; y < h; y++) {
                        for (int x = 0; x < w; x++) {
                            int p = in.getRGB(x, y);
                            out.setRGB(x, y, near(p, from) ? shift(p, from, to) : p);
                        }
                    }
                    yield out;
                }
                case TEXT -> {
                    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
                    Graphics2D g = out.createGraphics();
                    g.drawImage(in, 0, 0, null);
                    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                    g.setColor(Color.WHITE);
                    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, h / 12));
                    g.drawString("REMIX #" + token.id(), w / 20, h - h / 20);
                    g.dispose();
                    yield out;
                }
            };
        }
    }

    /** Recall and precision of one edit. */
    public record Found(Edit edit, int copies, int grouped, int linked, int correct) {
        public double recall() {
            return copies == 0 ? 0 : (double) grouped / copies;
        }

        public double precision() {
            return linked == 0 ? 1 : (double) correct / linked;
        }
    }

    private CopycatBench() {}

    public static List<Bench.Row> rows(int tokens, int perEdit, Path logs) {
        List<Bench.Row> rows = new ArrayList<>();
        for (Found f : measure(tokens, perEdit, logs)) {
            boolean hard = f.edit() == Edit.CROP || f.edit() == Edit.COLOUR_SWAP || f.edit() == Edit.TEXT;
            double goal = hard ? 0.8 : 0.95;
            rows.add(new Bench.Row("Copymints: " + f.edit().name().toLowerCase().replace('_', ' ') + ", " + f.copies()
                    + " copies of a " + tokens + "-token painted drop",
                    String.format("recall %.2f, precision %.2f", f.recall(), f.precision()),
                    String.format("goal %.2f for both", goal), Math.min(f.recall(), f.precision()) / goal,
                    ">= 1.00", f.recall() >= goal && f.precision() >= goal,
                    "/duplicates at its defaults (hash distance 12, vector similarity 0.6, structure match 0.7), collection = the copies"));
        }
        return rows;
    }

    /** Publishes a drop and its copies, indexes both with a daemon at its defaults, and asks /duplicates. */
    public static List<Found> measure(int tokens, int perEdit, Path logs) {
        Drop.Style style = Drop.Style.ILLUSTRATED;
        long seed = 23;
        try (Anvil anvil = Anvil.start(0, logs.resolve("anvil-copycat.log"));
             StaticServer http = new StaticServer();
             ChainWriter chain = new ChainWriter(anvil.rpcUrl())) {
            String original = Drop.publish(chain, http, style, tokens, seed);
            String copier = chain.deployCollection("Copycats", "COPY");
            Map<Integer, int[]> copyOf = new HashMap<>(); // copy id -> {original id, edit}
            List<String> uris = new ArrayList<>();
            int next = 1;
            for (Edit edit : Edit.values()) {
                for (int i = 0; i < perEdit; i++) {
                    int source = 1 + (edit.ordinal() * perEdit + i) % tokens;
                    Drop.Token token = Drop.token(seed, source);
                    BufferedImage copy = edit.apply(Drop.draw(style, token), token);
                    byte[] bytes = edit == Edit.REENCODE ? Drop.encodeJpeg(copy) : Drop.encodePng(copy);
                    String image = http.put("/copycat/" + next + (edit == Edit.REENCODE ? ".jpg" : ".png"), bytes,
                            edit == Edit.REENCODE ? "image/jpeg" : "image/png");
                    uris.add(http.put("/copycat/" + next + ".json", ("{\"name\":\"Copy #" + next + "\",\"image\":\""
                            + image + "\"}").getBytes(StandardCharsets.UTF_8), "application/json"));
                    copyOf.put(next, new int[] {source, edit.ordinal()});
                    next++;
                }
            }
            for (int from = 0; from < uris.size(); from += 100) {
                chain.mintBatch(copier, uris.subList(from, Math.min(uris.size(), from + 100)));
            }
            TestDatabase.reset(TestDatabase.NAME);
            var config = DaemonProcess.config(TestDatabase.NAME, anvil.rpcUrl(), "http://127.0.0.1:9");
            try (DaemonProcess daemon = DaemonProcess.start(config, logs.resolve("daemon-copycat.log"), 0)) {
                AtlasClient api = new AtlasClient(daemon.url());
                String originalUrl = api.register(Anvil.CHAIN_ID, original).location();
                await(api, originalUrl, tokens);
                String copierUrl = api.register(Anvil.CHAIN_ID, copier).location();
                await(api, copierUrl, uris.size());
                long originalId = api.get(originalUrl).body().get("id").asLong();
                long copierId = api.get(copierUrl).body().get("id").asLong();
                JsonNode answer = api.get("/api/v1/duplicates?collection=" + copierId + "&limit=500").body();
                return count(answer, originalId, copierId, copyOf, perEdit);
            }
        }
    }

    private static List<Found> count(JsonNode answer, long originalId, long copierId, Map<Integer, int[]> copyOf,
            int perEdit) {
        int edits = Edit.values().length;
        int[] grouped = new int[edits];
        int[] linked = new int[edits];
        int[] correct = new int[edits];
        for (JsonNode group : answer.get("groups")) {
            List<JsonNode> members = new ArrayList<>();
            members.add(group.get("original"));
            group.get("copies").forEach(members::add);
            Set<Integer> originals = new HashSet<>();
            List<Integer> copies = new ArrayList<>();
            for (JsonNode m : members) {
                int id = Integer.parseInt(m.get("tokenId").asText());
                if (m.get("collectionId").asLong() == originalId) {
                    originals.add(id);
                } else if (m.get("collectionId").asLong() == copierId) {
                    copies.add(id);
                }
            }
            for (int copy : copies) {
                int[] truth = copyOf.get(copy);
                if (originals.contains(truth[0])) {
                    grouped[truth[1]]++;
                }
                linked[truth[1]] += originals.size();
                correct[truth[1]] += originals.contains(truth[0]) ? 1 : 0;
            }
        }
        List<Found> out = new ArrayList<>();
        for (Edit e : Edit.values()) {
            out.add(new Found(e, perEdit, grouped[e.ordinal()], linked[e.ordinal()], correct[e.ordinal()]));
        }
        return out;
    }

    private static void await(AtlasClient api, String url, int tokens) {
        Waits.until(Duration.ofSeconds(120 + tokens), tokens + " tokens embedded", () -> {
            JsonNode counts = api.get(url).body().get("tokens");
            return counts.get("embedded").asLong() + counts.get("failed").asLong() >= tokens ? true : null;
        });
    }

    static BufferedImage scale(BufferedImage in, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(in, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    static BufferedImage transform(BufferedImage in, AffineTransform t, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(in, t, null);
        g.dispose();
        return out;
    }

    private static boolean near(int p, Color c) {
        return Math.abs(((p >> 16) & 0xff) - c.getRed()) + Math.abs(((p >> 8) & 0xff) - c.getGreen())
                + Math.abs((p & 0xff) - c.getBlue()) < 180;
    }

    /** Moves a pixel of the layer's colour family to the other colour, keeping its shade. */
    private static int shift(int p, Color from, Color to) {
        int r = clamp(((p >> 16) & 0xff) - from.getRed() + to.getRed());
        int g = clamp(((p >> 8) & 0xff) - from.getGreen() + to.getGreen());
        int b = clamp((p & 0xff) - from.getBlue() + to.getBlue());
        return (r << 16) | (g << 8) | b;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    /** {@code CopycatBench TOKENS PER_EDIT}: the copymint rows alone. */
    public static void main(String[] args) {
        int tokens = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int perEdit = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        for (Bench.Row row : rows(tokens, perEdit, Tools.root().resolve(".atlas/bench"))) {
            System.out.println(row);
        }
        System.exit(0);
    }
}
