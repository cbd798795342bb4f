package io.tokenatlas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenatlas.testkit.Anvil;
import io.tokenatlas.testkit.AtlasClient;
import io.tokenatlas.testkit.DaemonProcess;
import io.tokenatlas.testkit.FamilyArt;
import io.tokenatlas.testkit.RealParts;
import io.tokenatlas.testkit.TestDatabase;
import io.tokenatlas.testkit.Waits;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Copymint watches end to end: a drop is watched (as a whole, and one token of it); a second
 * collection mints a byte-for-byte copy of one of its tokens, a mirrored and re-encoded copy of
 * another, and a sibling drawn in the same family (alike by design, not a copy). Only the two
 * copies are matched, each to the token it copies, with the evidence, as copymint.match events of
 * the watched collection; the one-token watch finds nothing; tokens indexed before a watch was
 * made are not compared; the watch API needs a key.
 */
class CopymintWatchIT {
    static final int ORIGINALS = 6;

    @Test
    void copiesMintedElsewhereAreMatchedToTheTokenTheyCopyAndSiblingsAreNot() throws Exception {
        try (RealParts parts = RealParts.start("copymint-watch")) {
            String drop = parts.chain().deployCollection("Originals", "ORIG");
            List<byte[]> art = new ArrayList<>();
            List<String> uris = new ArrayList<>();
            for (int i = 1; i <= ORIGINALS; i++) {
                art.add(FamilyArt.draw(i - 1, 500L + i).png());
                uris.add(token(parts, "orig-" + i, art.getLast()));
            }
            parts.chain().mintBatch(drop, uris);
            try (DaemonProcess daemon = parts.daemon(parts.config())) {
                AtlasClient api = new AtlasClient(daemon.url());
                String dropUrl = api.register(Anvil.CHAIN_ID, drop).location();
                long dropId = api.get(dropUrl).body().get("id").asLong();
                Waits.until(Duration.ofSeconds(120), "the drop embedded", () ->
                        api.get(dropUrl).body().get("tokens").get("embedded").asLong() == ORIGINALS ? true : null);

                assertEquals(401, api.anonymous(HttpRequest.newBuilder(URI.create(daemon.url() + "/api/v1/watches"))).status());
                var whole = api.post("/api/v1/watches", "{\"collection\": \"eip155:" + Anvil.CHAIN_ID + ":" + drop + "\"}");
                assertEquals(201, whole.status(), whole.body().toString());
                long wholeId = whole.body().get("id").asLong();
                assertEquals(dropId, whole.body().get("collectionId").asLong());
                var one = api.post("/api/v1/watches", "{\"collection\": \"" + dropId + "\", \"tokenId\": \"2\"}");
                assertEquals(201, one.status(), one.body().toString());
                assertEquals(400, api.post("/api/v1/watches", "{\"collection\": \"" + dropId
                        + "\", \"maxDistance\": 40}").status());
                assertEquals(404, api.post("/api/v1/watches", "{\"collection\": \"" + dropId
                        + "\", \"tokenId\": \"999\"}").status());

                // The log outlives the test database's resets: only what follows this point is this test's.
                String baseline = TestDatabase.query(TestDatabase.NAME, "SELECT last_seq FROM event_sequence")
                        .getFirst().getFirst();
                String copies = parts.chain().deployCollection("Copies", "COPY");
                parts.chain().mintBatch(copies, List.of(
                        token(parts, "copy-exact", art.get(2)),
                        token(parts, "copy-mirrored", mirrored(art.get(3))),
                        token(parts, "sibling", FamilyArt.draw(4, 9_999L).png())));
                String copiesUrl = api.register(Anvil.CHAIN_ID, copies).location();
                long copiesId = api.get(copiesUrl).body().get("id").asLong();
                Waits.until(Duration.ofSeconds(120), "the copies embedded", () ->
                        api.get(copiesUrl).body().get("tokens").get("embedded").asLong() == 3 ? true : null);
                JsonNode matches = Waits.until(Duration.ofSeconds(60), "both copies matched", () -> {
                    JsonNode page = api.get("/api/v1/watches/" + wholeId + "/matches").body();
                    return page.get("matches").size() >= 2 ? page.get("matches") : null;
                });
                // Once the watcher has passed every copy's indexing event, nothing more can be matched.
                String passed = "SELECT (SELECT last_seq FROM watch_cursor) >= (SELECT max(seq) FROM event_log"
                        + " WHERE seq > " + baseline + " AND collection_id = " + copiesId + " AND kind = 'token.indexed'"
                        + " HAVING count(seq) = 3)";
                Waits.until(Duration.ofSeconds(60), "the watcher past the copies",
                        () -> "t".equals(TestDatabase.query(TestDatabase.NAME, passed).getFirst().getFirst()) ? true : null);
                matches = api.get("/api/v1/watches/" + wholeId + "/matches").body().get("matches");
                Map<String, JsonNode> byCopy = new HashMap<>();
                matches.forEach(m -> byCopy.put(m.get("tokenId").asText(), m));
                assertEquals(2, matches.size(), "the exact and the mirrored copy, not the sibling: " + matches);
                JsonNode exact = byCopy.get("1");
                assertEquals(copiesId, exact.get("collectionId").asLong());
                assertEquals("3", exact.get("originalTokenId").asText());
                assertTrue(exact.get("evidence").get("sameImage").asBoolean(), exact.toString());
                assertEquals(0, exact.get("evidence").get("hashDistance").asInt());
                assertTrue(exact.get("evidence").get("originalMintedFirst").asBoolean());
                JsonNode mirror = byCopy.get("2");
                assertEquals("4", mirror.get("originalTokenId").asText(), mirror.toString());
                assertTrue(mirror.get("evidence").get("hashDistance").asInt() <= 12, mirror.toString());
                assertTrue(mirror.get("evidence").get("structure").asDouble() >= 0.7, mirror.toString());
                assertEquals(drop.toLowerCase(), mirror.get("evidence").get("original").get("address").asText());
                assertEquals(2, api.get("/api/v1/watches/" + wholeId).body().get("matches").asInt());
                assertEquals(0, api.get("/api/v1/watches/" + one.body().get("id").asLong() + "/matches").body()
                        .get("matches").size(), "nothing copies token 2");

                // Events are numbered after they commit, within a poll interval.
                JsonNode events = Waits.until(Duration.ofSeconds(30), "two copymint.match events", () -> {
                    JsonNode page = api.anonymous(HttpRequest.newBuilder(URI.create(daemon.url()
                            + "/api/v1/events?kind=copymint.match&after=" + baseline)).header("Accept", "application/json")).body();
                    return page.get("events").size() >= 2 ? page : null;
                });
                assertEquals(2, events.get("events").size(), events.toString());
                for (JsonNode event : events.get("events")) {
                    assertEquals(dropId, event.get("data").get("collection").asLong(), "an event of the watched collection");
                    assertEquals(copiesId, event.get("data").get("copy").get("collection").asLong());
                    assertEquals(wholeId, event.get("data").get("watch").asLong());
                }
                assertEquals(204, api.delete("/api/v1/watches/" + wholeId).status());
                assertEquals(404, api.get("/api/v1/watches/" + wholeId).status());
            }
        }
    }

    private static String token(RealParts parts, String name, byte[] png) {
        String image = parts.http().put("/images/" + name + ".png", png, "image/png");
        return parts.http().put("/metadata/" + name + ".json", ("{\"name\":\"" + name + "\",\"image\":\"" + image + "\"}")
                .getBytes(StandardCharsets.UTF_8), "application/json");
    }

    /** The picture mirrored left to right and encoded again. */
    private static byte[] mirrored(byte[] png) throws Exception {
        BufferedImage in = ImageIO.read(new ByteArrayInputStream(png));
        BufferedImage out = new BufferedImage(in.getWidth(), in.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(in, in.getWidth(), 0, -in.getWidth(), in.getHeight(), null);
        g.dispose();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(out, "png", bytes);
        return bytes.toByteArray();
    }
}
