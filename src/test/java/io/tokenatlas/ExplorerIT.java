package io.tokenatlas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenatlas.testkit.Anvil;
import io.tokenatlas.testkit.AtlasClient;
import io.tokenatlas.testkit.BrowserScript;
import io.tokenatlas.testkit.DaemonProcess;
import io.tokenatlas.testkit.DemoCollection;
import io.tokenatlas.testkit.RealParts;
import io.tokenatlas.testkit.Tools;
import java.awt.image.BufferedImage;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The explorer page in Debian's Chromium, driven by playwright-core (scripts/node/explorer-check.mjs)
 * against the demo collection served by the packaged daemon: opened before the collection is
 * registered, it picks it up, shows the indexing progress and refreshes its map until every token
 * is on it, without a reload; it has no console errors and
 * no failed request, the canvas is not blank (read from a screenshot's pixels), hovering shows a
 * token's traits, clicking a token opens the panel with k neighbours, clicking a neighbour moves
 * there, and the search box highlights exactly the matching tokens. The screenshots are kept in
 * target/explorer/.
 */
class ExplorerIT {
    private static final int TOKENS = 60;
    private static final int K = 12;

    @Test
    void theExplorerShowsTheMapAndAnswersClicksAndSearches() throws Exception {
        Path screenshots = Tools.root().resolve("target/explorer");
        try (RealParts parts = RealParts.start("explorer")) {
            Map<String, String> config = parts.config();
            // The page is a client like any other: it runs under the default rate limit.
            config.remove("atlas.api.rate-limit");
            try (DaemonProcess daemon = parts.daemon(config, "daemon.log")) {
                AtlasClient api = new AtlasClient(daemon.url());
                DemoCollection demo = DemoCollection.publish(parts.chain(), parts.ipfs(), parts.http(), TOKENS, 11, i -> { });
                // The page is open before the collection is registered, and follows its indexing. The
                // HTTP host holds its answers until the page has shown the progress: a fast machine
                // indexes 60 tokens between two of the page's polls.
                AtomicReference<String> registered = new AtomicReference<>();
                parts.http().hold();
                JsonNode seen;
                try {
                    seen = BrowserScript.run("explorer-check.mjs", parts.logs().resolve("browser.log"), Duration.ofMinutes(5),
                            line -> {
                                if (line.equals("READY")) {
                                    registered.set(api.register(Anvil.CHAIN_ID, demo.address()).location());
                                } else if (line.equals("PROGRESS")) {
                                    parts.http().release();
                                }
                            }, daemon.url() + "/", screenshots.toString(), Integer.toString(TOKENS), Integer.toString(K), "ocean");
                } finally {
                    parts.http().release();
                }
                Files.writeString(screenshots.resolve("explorer-check.json"), seen.toPrettyString());
                assertNull(seen.get("error"), "the browser run stopped: " + seen.path("error").asText() + "\n" + seen);
                String url = registered.get();
                assertTrue(seen.get("progress").asText().contains("embedded"), "progress while indexing: " + seen.get("progress"));
                List<String> versions = list(seen.get("mapVersions"));
                // It saw the map while indexing went on (progress showed), so its first version was not the last.
                assertTrue(versions.size() >= 2, "the page refreshed itself with the layouts that came: " + versions);
                List<String> events = list(seen.get("events"));
                assertTrue(events.contains("open") && events.contains("token.indexed") && events.contains("map.version"),
                        "the page followed the event stream: " + events.stream().distinct().toList());
                assertEquals(0, seen.get("polls").asInt(), "the page never fell back to polling");
                assertEquals(List.of(), list(seen.get("consoleErrors")), "console errors");
                assertEquals(List.of(), list(seen.get("failedRequests")), "failed requests");
                assertEquals(TOKENS, seen.get("tokensOnMap").asInt());

                BufferedImage map = ImageIO.read(screenshots.resolve("explorer-map.png").toFile());
                double covered = nonBackgroundShare(map);
                assertTrue(covered > 0.03, "the canvas shows the tokens: " + covered + " of its pixels are drawn");
                assertTrue(LayoutIT.distinctColours(map) > 100, "thumbnails, not flat shapes");

                String clicked = seen.get("clicked").asText();
                assertTrue(seen.get("tooltip").asText().startsWith("#" + clicked), seen.get("tooltip").asText());
                assertTrue(seen.get("tooltip").asText().contains("Family: " + demo.familyOf(new BigInteger(clicked))),
                        "the tooltip shows the traits: " + seen.get("tooltip").asText());
                assertEquals(K, seen.get("neighbours").size(), "the panel lists k neighbours");
                assertEquals(255, seen.get("heroBlur").get(3).asInt(), "the placeholder's blur was drawn: " + seen.get("heroBlur"));
                List<String> expected = list(api.get(url + "/tokens/" + clicked + "/similar?k=" + K).body().get("results"),
                        "tokenId");
                assertEquals(expected, list(seen.get("neighbours")), "the panel shows /similar's answer in order");

                // After a click on the first neighbour, it is the one at the centre of the free area.
                JsonNode moved = seen.get("movedTo");
                assertEquals(expected.getFirst(), moved.get("token").asText());
                double centreX = moved.get("width").asDouble() / 2 - 170;
                assertEquals(centreX, moved.get("x").asDouble(), 20, "moved to the neighbour: " + moved);
                assertEquals(moved.get("height").asDouble() / 2, moved.get("y").asDouble(), 20, "moved to the neighbour: " + moved);

                Set<String> oceans = new HashSet<>();
                demo.tokens().values().stream().filter(t -> t.family().equals("Ocean"))
                        .forEach(t -> oceans.add(t.tokenId().toString()));
                assertEquals(oceans, new HashSet<>(list(seen.get("highlighted"))), "the search highlights the Ocean family");
                assertEquals(oceans.size() + " matches", seen.get("searchCount").asText());

                // Cluster names never overlap, also zoomed out where the clusters crowd; some are always shown.
                for (String view : List.of("labelsAtFit", "labelsZoomedOut")) {
                    JsonNode boxes = seen.get(view);
                    assertTrue(boxes.size() >= 1, view + ": " + boxes);
                    for (int a = 0; a < boxes.size(); a++) {
                        for (int b = a + 1; b < boxes.size(); b++) {
                            assertTrue(apart(boxes.get(a), boxes.get(b)), view + ": names overlap: " + boxes.get(a) + " " + boxes.get(b));
                        }
                    }
                }
                assertTrue(seen.get("labelsZoomedOut").size() <= seen.get("clusterCount").asInt());
                // Zoomed out until thumbnails would be specks, the map is drawn as its density: every token on
                // screen counted in one square, a square holding several where they crowd.
                JsonNode density = seen.get("density");
                assertEquals(TOKENS, seen.get("densityOnScreen").asInt(), "the whole map is on screen: " + density);
                assertEquals(TOKENS, density.get("tokens").asInt(), "each token counted once: " + density);
                assertTrue(density.get("squares").asInt() < TOKENS && density.get("densest").asInt() > 1,
                        "tokens that crowd share a square: " + density);
                // A cluster's name lists exactly its tokens, and its CSV holds their ids.
                JsonNode cluster = seen.get("cluster");
                String shownVersion = cluster.get("mapVersion").asText().split("\\.")[0];
                JsonNode points = api.get(url + "/map?form=rows&version=" + shownVersion).body().get("points");
                Set<String> members = new HashSet<>();
                points.forEach(pt -> {
                    if (pt.get("cluster").asInt() == cluster.get("id").asInt()) {
                        members.add(pt.get("tokenId").asText());
                    }
                });
                assertEquals(members, new HashSet<>(list(cluster.get("group").get("ids"))), "the cluster's tokens");
                List<String> csv = cluster.get("csv").asText().lines().toList();
                assertEquals("collection,token_id", csv.getFirst());
                assertEquals(members.size() + 1, csv.size(), "a line a token: " + csv);
                assertTrue(cluster.get("csvName").asText().endsWith(".csv"), cluster.get("csvName").asText());
                // A lasso lists the tokens inside it.
                JsonNode lasso = seen.get("lasso");
                Set<String> lassoed = new HashSet<>(list(lasso.get("ids")));
                assertTrue(lassoed.containsAll(list(lasso.get("inside"))) && !lassoed.isEmpty(), "inside the lasso: " + lasso);
                assertTrue(new HashSet<>(list(lasso.get("nearby"))).containsAll(lassoed), "only what the lasso holds: " + lasso);
            }
        }
    }

    /** Whether two drawn names (screen boxes) keep apart. */
    private static boolean apart(JsonNode a, JsonNode b) {
        return a.get("x").asDouble() + a.get("w").asDouble() <= b.get("x").asDouble()
                || b.get("x").asDouble() + b.get("w").asDouble() <= a.get("x").asDouble()
                || a.get("y").asDouble() + a.get("h").asDouble() <= b.get("y").asDouble()
                || b.get("y").asDouble() + b.get("h").asDouble() <= a.get("y").asDouble();
    }

    /** The share of pixels that differ from the page's background colour. */
    private static double nonBackgroundShare(BufferedImage image) {
        int background = image.getRGB(image.getWidth() - 1, image.getHeight() / 2) & 0xffffff;
        long drawn = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) != background) {
                    drawn++;
                }
            }
        }
        return drawn / (double) ((long) image.getWidth() * image.getHeight());
    }

    private static List<String> list(JsonNode array) {
        return list(array, null);
    }

    private static List<String> list(JsonNode array, String field) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(field == null ? n.asText() : n.get(field).asText()));
        return out;
    }
}
