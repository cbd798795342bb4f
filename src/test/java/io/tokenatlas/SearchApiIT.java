package io.tokenatlas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenatlas.testkit.Anvil;
import io.tokenatlas.testkit.AtlasClient;
import io.tokenatlas.testkit.ChainWriter;
import io.tokenatlas.testkit.DaemonProcess;
import io.tokenatlas.testkit.DemoCollection;
import io.tokenatlas.testkit.FamilyArt;
import io.tokenatlas.testkit.IpfsGateway;
import io.tokenatlas.testkit.RealParts;
import io.tokenatlas.testkit.StaticServer;
import io.tokenatlas.testkit.TestDatabase;
import io.tokenatlas.testkit.Waits;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The search API on a demo collection and a copycat of part of it, through the packaged daemon:
 * API keys, token filters, similar within and across collections with trait filters, search by
 * an uploaded image and by URL (and its refusals), copymint groups, the texture atlas, pausing,
 * deleting, and the rate limit's 429.
 */
class SearchApiIT {
    static final int TOKENS = 60;
    static final int COPIES = 10;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void searchesFiltersAndGuardsTheCollections() throws Exception {
        try (RealParts parts = RealParts.start("search-api")) {
            Map<String, String> config = parts.config();
            config.put("atlas.api.rate-limit", "20");
            config.put("atlas.api.rate-burst", "100");
            // The tests' own address plays the ingress: what it forwards names the client.
            config.put("atlas.api.trusted-proxies", "127.0.0.1");
            try (DaemonProcess daemon = parts.daemon(config, "daemon.log")) {
                AtlasClient api = new AtlasClient(daemon.url());
                DemoCollection demo = DemoCollection.publish(parts.chain(), parts.ipfs(), parts.http(), TOKENS, 3, i -> { });
                // A copycat deploys later and mints the first ten pictures again, byte for byte.
                DemoCollection copycat = DemoCollection.publish(parts.chain(), parts.ipfs(), parts.http(), COPIES, 3, i -> { });

                writesNeedAKey(api);
                String url = api.register(Anvil.CHAIN_ID, demo.address()).location();
                String copyUrl = api.register(Anvil.CHAIN_ID, copycat.address()).location();
                ReplicasIT.awaitEmbedded(api, url, TOKENS);
                ReplicasIT.awaitEmbedded(api, copyUrl, COPIES);
                long original = api.get(url).body().get("id").asLong();
                long copy = api.get(copyUrl).body().get("id").asLong();

                tokenListsFilter(api, url, demo, parts.chain().account());
                aTokenHasABrowsableImageAndAnETag(api, url, parts.ipfs(), parts.http());
                similarFiltersAndCrossesCollections(api, url, demo, copy);
                searchByImage(api, parts.http(), demo);
                copymintsAreGroupedOriginalFirst(api, original, copy);
                theAtlasHoldsEveryThumbnail(api, url);
                pauseStopsTheCollectionAndResumeCatchesUp(api, url, demo, parts.chain(), parts.ipfs(), parts.http());
                deletingRemovesTheCollection(api, copyUrl, original);
                openApiDescribesTheEndpoints(api);
                theRateLimitAnswers429(api, url);
            }
        }
    }

    private static void writesNeedAKey(AtlasClient api) {
        HttpRequest.Builder register = HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/collections"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"chainId\":31337,\"address\":\"0x" + "1".repeat(40) + "\"}"));
        AtlasClient.Answer none = api.anonymous(register);
        assertEquals(401, none.status());
        assertEquals("application/problem+json", none.contentType());
        assertTrue(none.body().get("detail").asText().contains("X-API-Key"), none.body().toString());
        AtlasClient.Answer wrong = api.anonymous(register.header("Authorization", "Bearer not-a-key"));
        assertEquals(401, wrong.status());
        assertTrue(wrong.body().get("detail").asText().contains("not one of this daemon's"), wrong.body().toString());
        assertEquals(200, api.anonymous(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/collections"))).status(),
                "reads need no key");
    }

    private static void tokenListsFilter(AtlasClient api, String url, DemoCollection demo, String minter) {
        JsonNode ocean = api.get(url + "/tokens?trait=family:OCEAN&limit=1000").body();
        assertEquals(idsOf(demo, "Ocean"), ids(ocean.get("tokens"), "tokenId"));
        JsonNode oceanWithCrown = api.get(url + "/tokens?trait=Family:Ocean&trait=Accessory:Crown").body();
        Set<String> expected = new HashSet<>();
        demo.tokens().values().stream().filter(t -> t.family().equals("Ocean") && t.accessory().equals("Crown"))
                .forEach(t -> expected.add(t.tokenId().toString()));
        assertEquals(expected, ids(oceanWithCrown.get("tokens"), "tokenId"));
        assertEquals(TOKENS, api.get(url + "/tokens?owner=" + minter.toUpperCase().replace("0X", "0x") + "&limit=1000")
                .body().get("tokens").size(), "the minter owns every token, whatever the case of the address");
        String tag = api.get(url + "/tokens/1").body().get("tags").get(0).get("label").asText();
        JsonNode tagged = api.get(url + "/tokens?tag=" + URLEncoder.encode(tag.toUpperCase(), StandardCharsets.UTF_8)).body();
        assertTrue(ids(tagged.get("tokens"), "tokenId").contains("1"), "token 1 has the tag " + tag);
        // Pages: two of 7 and the rest, by cursor.
        JsonNode first = api.get(url + "/tokens?trait=Family:Ocean&limit=7").body();
        JsonNode rest = api.get(url + "/tokens?trait=Family:Ocean&limit=7&cursor=" + first.get("next").asText()).body();
        assertEquals(idsOf(demo, "Ocean").size(), first.get("tokens").size() + rest.get("tokens").size());
        AtlasClient.Answer bad = api.get(url + "/tokens?trait=Ocean");
        assertEquals(400, bad.status());
        assertTrue(bad.body().get("detail").asText().contains("type:value"), bad.body().toString());
        assertEquals(400, api.get(url + "/tokens?owner=alice").status());
    }

    private static void aTokenHasABrowsableImageAndAnETag(AtlasClient api, String url, IpfsGateway ipfs, StaticServer http)
            throws Exception {
        JsonNode onIpfs = api.get(url + "/tokens/1").body();
        assertEquals(ipfs.url() + "/ipfs/" + onIpfs.get("imageUri").asText().substring("ipfs://".length()),
                onIpfs.get("imageUrl").asText(), "ipfs:// through the configured gateway");
        JsonNode onHttp = api.get(url + "/tokens/3").body();
        assertEquals(onHttp.get("imageUri").asText(), onHttp.get("imageUrl").asText());
        assertTrue(onHttp.get("imageUrl").asText().startsWith(http.url()));
        HttpResponse<byte[]> first = LayoutIT.fetch(url + "/tokens/1", null);
        assertEquals(304, LayoutIT.fetch(url + "/tokens/1", first.headers().firstValue("ETag").orElseThrow()).statusCode());
    }

    private static void similarFiltersAndCrossesCollections(AtlasClient api, String url, DemoCollection demo, long copy) {
        // Token 1 is a Sunburst: asked for Oceans only, k Oceans still come back.
        JsonNode oceans = api.get(url + "/tokens/1/similar?k=8&trait=Family:Ocean").body();
        assertEquals(8, oceans.get("results").size());
        for (JsonNode r : oceans.get("results")) {
            assertEquals("Ocean", demo.familyOf(new BigInteger(r.get("tokenId").asText())), r.toString());
        }
        // Across collections the copycat's token 1, the same picture, comes first.
        JsonNode everywhere = api.get(url + "/tokens/1/similar?k=5&scope=all").body();
        JsonNode best = everywhere.get("results").get(0);
        assertEquals(copy, best.get("collectionId").asLong(), everywhere.toString());
        assertEquals("1", best.get("tokenId").asText());
        assertEquals(1.0, best.get("score").asDouble(), 1e-4);
        assertEquals(400, api.get(url + "/tokens/1/similar?scope=galaxy").status());
    }

    private static void searchByImage(AtlasClient api, StaticServer http, DemoCollection demo) throws Exception {
        // A new Ocean picture, minted nowhere: its nearest tokens are Oceans.
        byte[] picture = FamilyArt.draw(FamilyArt.FAMILIES.indexOf("Ocean"), 424_242).png();
        JsonNode uploaded = upload(api.base() + "/api/v1/search/image?k=5&collection=1", "image", picture, "image/png");
        assertEquals(5, uploaded.get("results").size(), uploaded.toString());
        for (JsonNode r : uploaded.get("results")) {
            assertEquals("Ocean", demo.familyOf(new BigInteger(r.get("tokenId").asText())), r.toString());
            assertTrue(r.get("thumbnailUrl").asText().endsWith("/thumbnail"));
        }
        // By URL, through the guarded fetcher; across collections by default.
        String imageUrl = http.put("/search/ocean.png", picture, "image/png");
        JsonNode byUrl = api.post("/api/v1/search/image?k=5&collection=1", "{\"url\":\"" + imageUrl + "\"}").body();
        assertEquals(ids(uploaded.get("results"), "tokenId"), ids(byUrl.get("results"), "tokenId"));
        assertEquals(uploaded.get("results").get(0).get("score").asDouble(), byUrl.get("results").get(0).get("score").asDouble(), 1e-6);

        // Refusals say what went wrong.
        JsonNode notAPicture = uploadAnswer(api.base() + "/api/v1/search/image", "image",
                "<html>hello</html>".getBytes(StandardCharsets.UTF_8), "text/html");
        assertEquals(422, notAPicture.get("status").asInt(), notAPicture.toString());
        assertEquals("urn:token-atlas:problem:image-unsupported-image", notAPicture.get("type").asText());
        AtlasClient.Answer privateAddress = api.post("/api/v1/search/image", "{\"url\":\"http://10.1.2.3/a.png\"}");
        assertEquals(422, privateAddress.status());
        assertEquals("urn:token-atlas:problem:image-address-refused", privateAddress.body().get("type").asText());
        AtlasClient.Answer nothing = api.post("/api/v1/search/image", "{}");
        assertEquals(400, nothing.status());
    }

    private static void copymintsAreGroupedOriginalFirst(AtlasClient api, long original, long copy) throws Exception {
        JsonNode result = api.get("/api/v1/duplicates?collection=" + copy + "&limit=100").body();
        assertEquals(COPIES, result.get("total").asInt(), result.toString());
        for (JsonNode group : result.get("groups")) {
            assertEquals(original, group.get("original").get("collectionId").asLong(), "the earlier mint is the original");
            assertEquals(copy, group.get("copies").get(0).get("collectionId").asLong());
            assertEquals(group.get("original").get("tokenId").asText(), group.get("copies").get(0).get("tokenId").asText());
            assertEquals(0, group.get("copies").get(0).get("hashDistance").asInt());
        }
        String path = api.base() + "/api/v1/duplicates?collection=" + copy + "&limit=100";
        HttpResponse<byte[]> first = LayoutIT.fetch(path, null);
        assertEquals(304, LayoutIT.fetch(path, first.headers().firstValue("ETag").orElseThrow()).statusCode());
        assertEquals(400, api.get("/api/v1/duplicates?maxDistance=40").status());
    }

    private static void theAtlasHoldsEveryThumbnail(AtlasClient api, String url) throws Exception {
        JsonNode atlas = api.get(url + "/atlas?cell=16").body();
        assertEquals(TOKENS, atlas.get("tokenIds").size());
        assertEquals(1, atlas.get("sheets").size());
        int columns = atlas.get("columns").asInt();
        assertEquals(4096 / 16, columns);
        HttpResponse<byte[]> sheet = LayoutIT.fetch(atlas.get("sheets").get(0).asText(), null);
        assertEquals(200, sheet.statusCode());
        assertTrue(sheet.headers().firstValue("Cache-Control").orElse("").contains("immutable"),
                "a sheet URL names its content");
        BufferedImage picture = ImageIO.read(new ByteArrayInputStream(sheet.body()));
        assertEquals(columns * 16, picture.getWidth());
        assertEquals(16, picture.getHeight(), "60 distinct pictures fill part of one row of 256");
        assertTrue(LayoutIT.distinctColours(picture.getSubimage(0, 0, TOKENS * 16, 16)) > 50, "thumbnails are drawn");
        HttpResponse<byte[]> index = LayoutIT.fetch(url + "/atlas?cell=16", null);
        assertEquals(304, LayoutIT.fetch(url + "/atlas?cell=16", index.headers().firstValue("ETag").orElseThrow()).statusCode());
        assertEquals(400, api.get(url + "/atlas?cell=3").status());
        assertEquals(404, api.get(url + "/atlas/1.png").status());
    }

    private static void pauseStopsTheCollectionAndResumeCatchesUp(AtlasClient api, String url, DemoCollection demo,
            ChainWriter chain, IpfsGateway ipfs, StaticServer http) {
        JsonNode paused = api.post(url.substring(api.base().length()) + "/pause", "").body();
        assertEquals("PAUSED", paused.get("status").asText(), paused.toString());
        chain.mint(demo.address(), DemoCollection.prepare(TOKENS + 1, 3, ipfs, http).tokenUri());
        Waits.sleep(3000);
        assertEquals(TOKENS, total(api.get(url).body()), "a paused collection does not follow its chain");
        JsonNode resumed = api.post(url.substring(api.base().length()) + "/resume", "").body();
        assertFalse("PAUSED".equals(resumed.get("status").asText()));
        ReplicasIT.awaitEmbedded(api, url, TOKENS + 1);
        assertTrue(api.get(url).body().get("layout").get("version").asInt() >= 1, "the progress names the map's version");
    }

    private static void deletingRemovesTheCollection(AtlasClient api, String copyUrl, long original) {
        String path = copyUrl.substring(copyUrl.indexOf("/api/"));
        assertEquals(401, api.anonymous(HttpRequest.newBuilder(URI.create(copyUrl)).DELETE()).status());
        assertEquals(204, api.delete(path).status());
        assertEquals(404, api.get(copyUrl).status());
        assertEquals(404, api.delete(path).status());
        assertEquals(0, api.get("/api/v1/duplicates").body().get("total").asInt(), "no copies are left");
        assertEquals(TOKENS + 1, total(api.get("/api/v1/collections/" + original).body()));
        assertEquals(List.of("0"), TestDatabase.query(TestDatabase.NAME,
                "SELECT count(*) FROM embedding WHERE collection_id <> " + original).getFirst());
    }

    private static void openApiDescribesTheEndpoints(AtlasClient api) throws Exception {
        String openApi = new String(LayoutIT.fetch(api.base() + "/q/openapi?format=json", null).body(), StandardCharsets.UTF_8);
        for (String path : List.of("/api/v1/search/image", "/api/v1/duplicates", "/api/v1/collections/{id}/atlas",
                "/api/v1/collections/{id}/pause", "/api/v1/collections/{id}/tokens/{tokenId}/similar")) {
            assertTrue(openApi.contains("\"" + path + "\""), path + " is described");
        }
    }

    private static void theRateLimitAnswers429(AtlasClient api, String url) throws Exception {
        // 20 a second, 100 at once: 300 requests from one address at once meet the limit.
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        long start = System.nanoTime();
        try (var pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 300; i++) {
                answers.add(pool.submit(() -> HTTP.send(HttpRequest.newBuilder(URI.create(url + "/tokens/1")).build(),
                        HttpResponse.BodyHandlers.ofString())));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("300 requests from one address answered in %.1f s%n", seconds);
        List<HttpResponse<String>> limited = new ArrayList<>();
        for (Future<HttpResponse<String>> f : answers) {
            if (f.get().statusCode() == 429) {
                limited.add(f.get());
            } else {
                assertEquals(200, f.get().statusCode(), f.get().body());
            }
        }
        // At most the burst, what refilled while they were answered (a slow machine takes longer) and what
        // a replica may run ahead of the shared bucket went through.
        long allowed = Math.round(Math.ceil(100 + 20 * seconds)) + 6;
        assertTrue(limited.size() >= Math.max(1, 300 - allowed), limited.size() + " of 300 were refused in "
                + String.format("%.1f", seconds) + " s");
        HttpResponse<String> one = limited.get(0);
        assertTrue(Integer.parseInt(one.headers().firstValue("Retry-After").orElseThrow()) >= 1);
        assertEquals("urn:token-atlas:problem:rate-limited", JSON.readTree(one.body()).get("type").asText());
        // The IETF RateLimit fields on every answer: the policy (100 at once, full again in 5 s) and the standing.
        assertEquals("\"default\";q=100;w=5", one.headers().firstValue("RateLimit-Policy").orElseThrow());
        // Refused for want of one request: a few or none left (the bucket refills while the answer is made).
        assertTrue(one.headers().firstValue("RateLimit").orElseThrow().matches("\"default\";r=[0-9];t=[0-9]"),
                one.headers().firstValue("RateLimit").orElseThrow());
        HttpResponse<String> fresh = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/tokens/1"))
                .header("X-API-Key", AtlasClient.KEY).build(), HttpResponse.BodyHandlers.ofString());
        String keyed = fresh.headers().firstValue("RateLimit").orElseThrow();
        assertTrue(keyed.matches("\"default\";r=[0-9]+;t=[0-9]+"), keyed);
        int left = Integer.parseInt(keyed.replaceAll(".*;r=([0-9]+);.*", "$1"));
        assertTrue(left >= 1 && left <= 100, "a key's own bucket, not the address's empty one: " + keyed);
        assertEquals(200, api.get(url + "/tokens/1").status(), "a client with a key has its own share");

        // Behind a trusted proxy each forwarded client has its own share: 300 clients, one request each.
        List<Future<HttpResponse<String>>> forwarded = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 300; i++) {
                // The left-most entry is the client's own claim (ignored); the right-most is what the proxy saw.
                String client = "192.0.2.77, 198.51." + (i / 250) + "." + (i % 250);
                forwarded.add(pool.submit(() -> HTTP.send(HttpRequest.newBuilder(URI.create(url + "/tokens/1"))
                        .header("X-Forwarded-For", client).build(), HttpResponse.BodyHandlers.ofString())));
            }
        }
        for (Future<HttpResponse<String>> f : forwarded) {
            assertEquals(200, f.get().statusCode(), "a forwarded client with its own share: " + f.get().body());
        }
    }

    private static long total(JsonNode collection) {
        long n = 0;
        for (JsonNode count : collection.get("tokens")) {
            n += count.asLong();
        }
        return n;
    }

    private static Set<String> idsOf(DemoCollection demo, String family) {
        Set<String> ids = new HashSet<>();
        demo.tokens().values().stream().filter(t -> t.family().equals(family)).forEach(t -> ids.add(t.tokenId().toString()));
        return ids;
    }

    private static Set<String> ids(JsonNode list, String field) {
        Set<String> ids = new HashSet<>();
        list.forEach(n -> ids.add(n.get(field).asText()));
        return ids;
    }

    private static JsonNode upload(String url, String field, byte[] bytes, String type) throws Exception {
        JsonNode answer = uploadAnswer(url, field, bytes, type);
        assertFalse(answer.has("status") && answer.get("status").isInt(), answer.toString());
        return answer;
    }

    /** A multipart/form-data POST of one file (a search by image is a read: no key). */
    private static JsonNode uploadAnswer(String url, String field, byte[] bytes, String type) throws Exception {
        String boundary = "atlas-" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"upload\"\r\n"
                + "Content-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(bytes);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }
}
