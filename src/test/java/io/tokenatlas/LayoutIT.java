package io.tokenatlas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenatlas.testkit.Anvil;
import io.tokenatlas.testkit.AtlasClient;
import io.tokenatlas.testkit.DaemonProcess;
import io.tokenatlas.testkit.DemoCollection;
import io.tokenatlas.testkit.FamilyArt;
import io.tokenatlas.testkit.IpfsGateway;
import io.tokenatlas.testkit.RealParts;
import io.tokenatlas.testkit.StaticServer;
import io.tokenatlas.testkit.Waits;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The map of a demo collection served by the daemon: every token placed with its own grid cell,
 * clusters named after the families, an ETag answering 304, the columnar form, the mosaic; later
 * mints placed at once as provisional points next to their family, a recompute once enough
 * arrived (aligned to the previous version), and a burned token taken off.
 */
class LayoutIT {
    private static final int TOKENS = 60;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void mapsACollectionAndKeepsItsMapCurrent() throws Exception {
        try (RealParts parts = RealParts.start("layout")) {
            Map<String, String> config = parts.config();
            config.put("atlas.layout.min-new-tokens", "10");
            config.put("atlas.layout.new-token-share", "0.1");
            try (DaemonProcess daemon = parts.daemon(config, "daemon.log")) {
                AtlasClient api = new AtlasClient(daemon.url());
                DemoCollection demo = DemoCollection.publish(parts.chain(), parts.ipfs(), parts.http(), TOKENS, 5, i -> { }, true);
                String url = api.register(Anvil.CHAIN_ID, demo.address()).location();
                ReplicasIT.awaitEmbedded(api, url, TOKENS);
                // The first versions come while tokens still arrive; a version made while some were on
                // their way is recomputed once they have all arrived, so the map settles: every token in
                // its inputs, or (when the last ones were not yet known at its inputs) too few left
                // provisional for the three mints below to reach min-new-tokens 10.
                JsonNode map = Waits.until(Duration.ofSeconds(120), "a settled layout of every token", () -> {
                    JsonNode m = api.get(url + "/map").body();
                    int count = m.get("tokenCount").asInt();
                    boolean settled = count == TOKENS || count > TOKENS - 7 && m.path("params").path("pendingTokens").asInt(0) == 0;
                    return settled && m.get("points").size() == TOKENS ? m : null;
                });

                // Every token placed, each with its own cell; clusters named after what is in them.
                Set<Integer> cells = new HashSet<>();
                Map<String, JsonNode> byId = new HashMap<>();
                for (JsonNode p : map.get("points")) {
                    byId.put(p.get("tokenId").asText(), p);
                    if (!p.get("col").isNull()) {
                        assertTrue(cells.add(p.get("row").asInt() * map.get("grid").get("cols").asInt() + p.get("col").asInt()),
                                "cell given twice: " + p);
                    } else {
                        assertTrue(p.get("provisional").asBoolean(), "only a provisional token may lack a cell: " + p);
                    }
                }
                assertEquals(TOKENS, byId.size());
                JsonNode clusters = map.get("clusters");
                assertTrue(clusters.size() >= 2, "the families form clusters: " + clusters);
                for (JsonNode cluster : clusters) {
                    String name = cluster.get("name").asText();
                    assertFalse(name.matches("(?i)cluster \\d+"), name);
                    Set<String> families = new HashSet<>();
                    for (JsonNode p : map.get("points")) {
                        if (p.get("cluster").asInt() == cluster.get("id").asInt()) {
                            families.add(demo.familyOf(new BigInteger(p.get("tokenId").asText())));
                        }
                    }
                    assertTrue(families.stream().anyMatch(f -> name.contains(f)) || name.startsWith("Like #"),
                            "cluster '" + name + "' is named after a family it holds: " + families);
                }
                assertTrue(map.get("params").get("seed").isNumber(), "the version records its inputs: " + map.get("params"));
                int same = sameFamilyNeighbours(map, demo);
                assertTrue(same >= 0.9 * TOKENS, "tokens sit next to their family: " + same + " of " + TOKENS);

                // Polling: an unchanged map answers 304; the columnar form holds the same points.
                HttpResponse<byte[]> first = fetch(url + "/map", null);
                String etag = first.headers().firstValue("ETag").orElseThrow();
                assertEquals(304, fetch(url + "/map", etag).statusCode());
                JsonNode columnar = api.get(url + "/map?form=columnar").body().get("points");
                assertEquals(TOKENS, columnar.get("tokenId").size());
                assertEquals(TOKENS, columnar.get("x").size());
                assertEquals(400, api.get(url + "/map?form=xml").status());

                // The mosaic: one cell per grid position, thumbnails in it.
                int cols = map.get("grid").get("cols").asInt();
                int rows = map.get("grid").get("rows").asInt();
                HttpResponse<byte[]> mosaic = fetch(url + "/mosaic.png?cell=16", null);
                assertEquals(200, mosaic.statusCode());
                BufferedImage picture = ImageIO.read(new ByteArrayInputStream(mosaic.body()));
                assertEquals(cols * 16, picture.getWidth());
                assertEquals(rows * 16, picture.getHeight());
                assertTrue(distinctColours(picture) > 50, "the mosaic shows thumbnails");
                assertEquals(304, fetch(url + "/mosaic.png?cell=16", mosaic.headers().firstValue("ETag").orElseThrow()).statusCode());
                assertEquals(400, api.get(url + "/mosaic.png?cell=2").status());

                // New mints: placed at once, provisional, next to their family; the ETag changes.
                int version = map.get("version").asInt();
                List<DemoCollection.Token> minted = new ArrayList<>();
                for (int id = TOKENS + 1; id <= TOKENS + 3; id++) {
                    DemoCollection.Token token = DemoCollection.prepare(id, 5, parts.ipfs(), parts.http());
                    parts.chain().mint(demo.address(), token.tokenUri());
                    minted.add(token);
                }
                JsonNode withNew = awaitMap(api, url, TOKENS + 3);
                assertEquals(version, withNew.get("version").asInt(), "three tokens do not trigger a recompute");
                assertEquals(200, fetch(url + "/map", etag).statusCode(), "the old ETag no longer matches");
                for (DemoCollection.Token token : minted) {
                    JsonNode p = point(withNew, token.tokenId());
                    assertTrue(p.get("provisional").asBoolean(), "placed provisionally: " + p);
                    String nearest = nearestOnMap(withNew, p);
                    assertEquals(token.family(), demo.familyOf(new BigInteger(nearest)),
                            "token " + token.tokenId() + " lands next to its family");
                }

                // Enough new tokens: a new version, aligned to the previous one.
                parts.chain().mintBatch(demo.address(), prepare(TOKENS + 4, TOKENS + 15, parts.ipfs(), parts.http()));
                JsonNode next = Waits.until(Duration.ofSeconds(90), "a recompute with the new tokens", () -> {
                    JsonNode m = api.get(url + "/map").body();
                    // The recompute may start before the last of them is embedded: those are placed on it provisionally.
                    return m.get("version").asInt() > version && m.get("points").size() == TOKENS + 15 ? m : null;
                });
                JsonNode alignment = next.get("params").get("alignment");
                assertEquals(next.get("version").asInt() - 1, alignment.get("toVersion").asInt(),
                        "aligned to the version before it");
                assertTrue(alignment.get("sharedTokens").asInt() >= TOKENS, alignment.toString());
                // Procrustes fixes rotation, reflection and scale (LayoutComputationTest); UMAP may
                // still move islands between versions, so the distance is reported, not bounded.
                System.out.printf("layout version %d -> %d: shared tokens moved %.3f on average (%s)%n", version,
                        next.get("version").asInt(), meanDisplacement(map, next), alignment);
                assertEquals(200, api.get(url + "/map?version=" + version).status(), "the previous version is kept");

                // A burn takes the token off the map.
                parts.chain().burn(demo.address(), BigInteger.ONE);
                Waits.until(Duration.ofSeconds(30), "token 1 off the map", () ->
                        point(api.get(url + "/map").body(), BigInteger.ONE) == null ? true : null);
            }
        }
    }

    private static List<String> prepare(int from, int to, IpfsGateway ipfs, StaticServer http) {
        List<String> uris = new ArrayList<>();
        for (int id = from; id <= to; id++) {
            uris.add(DemoCollection.prepare(id, 5, ipfs, http).tokenUri());
        }
        return uris;
    }

    static JsonNode awaitMap(AtlasClient api, String url, int tokens) {
        return Waits.until(Duration.ofSeconds(60), tokens + " tokens on the map", () -> {
            JsonNode m = api.get(url + "/map").body();
            return m.get("version").asInt() > 0 && m.get("points").size() == tokens ? m : null;
        });
    }

    /** How many tokens' nearest map neighbour is of their own family (printed; the demo's families are easy). */
    private static int sameFamilyNeighbours(JsonNode map, DemoCollection demo) {
        int same = 0;
        for (JsonNode p : map.get("points")) {
            String nearest = nearestOnMap(map, p);
            if (demo.familyOf(new BigInteger(nearest)).equals(demo.familyOf(new BigInteger(p.get("tokenId").asText())))) {
                same++;
            }
        }
        System.out.println("tokens whose nearest map neighbour is of their family: " + same + " of " + map.get("points").size()
                + " (families: " + FamilyArt.FAMILIES + ")");
        return same;
    }

    private static String nearestOnMap(JsonNode map, JsonNode of) {
        String best = null;
        double bestD = Double.POSITIVE_INFINITY;
        for (JsonNode q : map.get("points")) {
            if (q == of || q.get("tokenId").asText().equals(of.get("tokenId").asText()) || q.get("provisional").asBoolean()) {
                continue;
            }
            double d = Math.hypot(q.get("x").asDouble() - of.get("x").asDouble(), q.get("y").asDouble() - of.get("y").asDouble());
            if (d < bestD) {
                bestD = d;
                best = q.get("tokenId").asText();
            }
        }
        return best;
    }

    private static JsonNode point(JsonNode map, BigInteger tokenId) {
        for (JsonNode p : map.get("points")) {
            if (p.get("tokenId").asText().equals(tokenId.toString())) {
                return p;
            }
        }
        return null;
    }

    private static double meanDisplacement(JsonNode before, JsonNode after) {
        double sum = 0;
        int n = 0;
        for (JsonNode p : before.get("points")) {
            JsonNode q = point(after, new BigInteger(p.get("tokenId").asText()));
            if (q != null) {
                sum += Math.hypot(p.get("x").asDouble() - q.get("x").asDouble(), p.get("y").asDouble() - q.get("y").asDouble());
                n++;
            }
        }
        return sum / Math.max(1, n);
    }

    static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }

    static HttpResponse<byte[]> fetch(String url, String ifNoneMatch) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
