package io.tokenatlas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenatlas.testkit.AtlasClient;
import io.tokenatlas.testkit.Anvil;
import io.tokenatlas.testkit.ChainWriter;
import io.tokenatlas.testkit.DaemonProcess;
import io.tokenatlas.testkit.DemoCollection;
import io.tokenatlas.testkit.IpfsGateway;
import io.tokenatlas.testkit.RealParts;
import io.tokenatlas.testkit.StaticServer;
import io.tokenatlas.testkit.Waits;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole path on real parts: a collection on anvil with ipfs://, http:// and data: tokenURIs,
 * the Helia gateway, PostgreSQL with pgvector, the MobileNetV2 model, and the packaged daemon.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IndexingEndToEndIT {
    static final int TOKENS = 120;
    static Anvil anvil;
    static IpfsGateway ipfs;
    static StaticServer http;
    static ChainWriter chain;
    static DemoCollection collection;
    static RealParts parts;
    static DaemonProcess daemon;
    static AtlasClient api;
    static String collectionUrl;

    @BeforeAll
    static void start() {
        parts = RealParts.start("end-to-end");
        anvil = parts.anvil();
        ipfs = parts.ipfs();
        http = parts.http();
        chain = parts.chain();
        collection = DemoCollection.publish(chain, ipfs, http, TOKENS, 7, i -> { });
        var config = parts.config();
        config.put("atlas.arweave.gateway", http.url() + "/arweave");
        // A second node whose URL carries a provider key, as hosted RPC URLs do: it must never be shown.
        config.put("atlas.chains.\"" + Anvil.CHAIN_ID + "\".rpc-urls", anvil.rpcUrl() + ",http://127.0.0.1:9/v3/s3cr3t-key");
        daemon = parts.daemon(config);
        api = new AtlasClient(daemon.url());
    }

    @AfterAll
    static void stop() {
        if (parts != null) {
            parts.close();
        }
    }

    @Test
    @Order(1)
    void registersIndexesAndFindsTokensOfTheSameFamily() {
        AtlasClient.Answer registered = api.register(Anvil.CHAIN_ID, collection.address());
        assertEquals(202, registered.status(), () -> "register answered " + registered.body());
        assertNotNull(registered.location());
        collectionUrl = registered.location();
        assertEquals("deployment block found with eth_getCode", registered.body().get("fromBlockSource").asText());

        JsonNode done = Waits.until(Duration.ofMinutes(4), "all " + TOKENS + " tokens embedded", () -> {
            JsonNode c = api.get(collectionUrl).body();
            return c.get("tokens").get("embedded").asLong() == TOKENS ? c : null;
        });
        assertEquals(0, done.get("tokens").get("failed").asLong());
        assertTrue(done.get("cursorBlock").asLong() >= 0);

        double precision = precisionAt5();
        System.out.printf("precision@5 of /similar over %d tokens in %d families: %.3f%n", TOKENS,
                io.tokenatlas.testkit.FamilyArt.FAMILIES.size(), precision);
        assertTrue(precision >= 0.8, "precision@5 was " + precision);
    }

    private double precisionAt5() {
        double sum = 0;
        for (DemoCollection.Token token : collection.tokens().values()) {
            JsonNode similar = api.get(collectionUrl + "/tokens/" + token.tokenId() + "/similar?k=5").body();
            JsonNode results = similar.get("results");
            assertEquals(5, results.size());
            int same = 0;
            double previous = Double.POSITIVE_INFINITY;
            for (JsonNode r : results) {
                assertTrue(r.get("score").asDouble() <= previous + 1e-9, "results are ranked by score");
                previous = r.get("score").asDouble();
                if (token.family().equals(collection.familyOf(new BigInteger(r.get("tokenId").asText())))) {
                    same++;
                }
            }
            sum += same / 5.0;
        }
        return sum / collection.tokens().size();
    }

    static int longestSide(byte[] picture) throws java.io.IOException {
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(picture));
        return Math.max(image.getWidth(), image.getHeight());
    }

    @Test
    @Order(2)
    void tokenShowsMetadataTraitsAndImage() throws java.io.IOException {
        JsonNode token = api.get(collectionUrl + "/tokens/5").body();
        assertEquals("embedded", token.get("state").asText());
        assertEquals("Atlas Demo #5", token.get("name").asText());
        assertEquals(collection.tokens().get(BigInteger.valueOf(5)).family(),
                token.get("traits").get(0).get("value").asText());
        assertTrue(token.get("tokenUri").asText().startsWith("ipfs://"));
        AtlasClient.Bytes thumbnail = api.bytes(token.get("thumbnailUrl").asText());
        assertEquals(200, thumbnail.status());
        assertEquals("image/png", thumbnail.contentType());
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(thumbnail.body()));
        assertEquals(256, Math.max(image.getWidth(), image.getHeight()));
        // Other sizes: 64 made from the stored one; 512 is the stored one when the original is no larger.
        assertEquals(28, token.get("placeholder").asText().length(), "a 4 x 3 BlurHash: " + token.get("placeholder"));
        AtlasClient.Bytes small = api.bytes(token.get("thumbnails").get("64").asText());
        assertEquals("image/png", small.contentType());
        assertEquals(64, longestSide(small.body()));
        AtlasClient.Bytes large = api.bytes(token.get("thumbnails").get("512").asText());
        assertEquals(256, longestSide(large.body()), "the original is 256 px: nothing larger is kept");
        assertEquals(400, api.bytes(token.get("thumbnailUrl").asText() + "?size=100").status());

        // The same token by chain and contract, as clients name it (CAIP-10 for the collection, CAIP-19 ids).
        String address = collection.address().toLowerCase();
        assertEquals("eip155:" + Anvil.CHAIN_ID + "/erc721:" + address + "/5", token.get("caip19").asText());
        String byChain = "/api/v1/collections/eip155:" + Anvil.CHAIN_ID + ":" + collection.address();
        assertEquals(token, api.get(byChain + "/tokens/5").body());
        assertEquals("eip155:" + Anvil.CHAIN_ID + ":" + address, api.get(byChain).body().get("caip10").asText());
        assertEquals(200, api.get(byChain + "/tokens/5/similar?k=3").status());
        assertProblem(api.get("/api/v1/collections/eip155:" + Anvil.CHAIN_ID + ":0x" + "ab".repeat(20)), 404,
                "is not registered");
        assertProblem(api.get("/api/v1/collections/eip155:1:0x12/map"), 400, "eip155:<chain id>:0x<40 hex digits>");
    }

    @Test
    @Order(3)
    void mapPlacesEveryEmbeddedTokenInTheUnitSquare() {
        JsonNode map = Waits.until(Duration.ofSeconds(30), "all tokens on the map", () -> {
            JsonNode m = api.get(collectionUrl + "/map").body();
            return m.get("points").size() == TOKENS ? m : null;
        });
        JsonNode points = map.get("points");
        assertEquals(TOKENS, points.size());
        for (JsonNode p : points) {
            double x = p.get("x").asDouble();
            double y = p.get("y").asDouble();
            assertTrue(x >= 0 && x <= 1 && y >= 0 && y <= 1, "point " + p + " is outside [0,1]");
        }
    }

    @Test
    @Order(4)
    void aTokenMintedAfterRegistrationAppearsInSimilarResults() {
        int id = TOKENS + 1;
        DemoCollection.Token token = DemoCollection.prepare(id, 7, ipfs, http);
        long minted = System.nanoTime();
        chain.mint(collection.address(), token.tokenUri());
        JsonNode similar = Waits.until(Duration.ofSeconds(60), "token " + id + " in /similar", () -> {
            AtlasClient.Answer a = api.get(collectionUrl + "/tokens/1/similar?k=" + id);
            if (a.status() != 200) {
                return null;
            }
            for (JsonNode r : a.body().get("results")) {
                if (r.get("tokenId").asText().equals(Integer.toString(id))) {
                    return a.body();
                }
            }
            return null;
        });
        assertNotNull(similar);
        System.out.printf("a token minted after registration was in /similar after %.1f s%n",
                (System.nanoTime() - minted) / 1e9);
        JsonNode own = api.get(collectionUrl + "/tokens/" + id + "/similar?k=5").body();
        long sameFamily = 0;
        for (JsonNode r : own.get("results")) {
            if (token.family().equals(collection.familyOf(new BigInteger(r.get("tokenId").asText())))) {
                sameFamily++;
            }
        }
        assertTrue(sameFamily >= 3, "the new " + token.family() + " token's neighbours: " + own);
    }

    @Test
    @Order(5)
    void registeringAnAccountWithoutCodeIsRefusedWithAProblem() {
        AtlasClient.Answer answer = api.register(Anvil.CHAIN_ID, "0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
        assertProblem(answer, 422, "holds no contract code");
    }

    @Test
    @Order(6)
    void registeringAContractThatIsNotAnErc721IsRefusedWithAProblem() {
        String notAnNft = chain.deploy("NotAnNft", List.of());
        AtlasClient.Answer answer = api.register(Anvil.CHAIN_ID, notAnNft);
        assertProblem(answer, 422, "implements ERC-165 but not ERC-721");
    }

    @Test
    @Order(7)
    void badRequestsGetProblemsToo() {
        assertProblem(api.register(Anvil.CHAIN_ID, "0x1234"), 400, "40 hex digits");
        assertProblem(api.register(5, collection.address()), 422, "chain 5 is not configured");
        assertProblem(api.get("/api/v1/collections/999999"), 404, "not registered");
        assertProblem(api.get(collectionUrl + "/tokens/abc"), 400, "decimal uint256");
        assertProblem(api.get(collectionUrl + "/tokens/1/similar?k=0"), 400, "k must be between");
        assertProblem(api.post("/api/v1/collections", "{not json"), 400, "");
        assertProblem(api.get(collectionUrl + "/tokens?tag=%00"), 400, "query parameter tag contains a NUL character");
        assertProblem(api.get("/api/v1/search?q=%00"), 400, "query parameter q contains a NUL character");
        assertProblem(api.get(collectionUrl + "/tokens/1/similar?k=ten"), 400, "query parameter k must be an integer");
        assertProblem(api.get(collectionUrl + "/mosaic.png?cell=x"), 400, "query parameter cell must be an integer");
        AtlasClient.Answer multipart = api.anonymous(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(daemon.url() + "/api/v1/search/image"))
                .header("Content-Type", "multipart/form-data; boundary=xyz")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("--xyz\r\nContent-Disposition: form-data\r\n\r\n\u0000garbage")));
        assertTrue(multipart.status() >= 400 && multipart.status() < 500, "a malformed multipart body: " + multipart);
    }

    @Test
    @Order(7)
    void answersCarrySecurityHeadersAndNeverAnRpcUrlsSecret() throws Exception {
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(daemon.url() + "/")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(null));
        assertTrue(response.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));
        JsonNode chains = api.get("/api/v1/chains").body();
        assertFalse(chains.toString().contains("s3cr3t"), "the RPC URL's key is not shown: " + chains);
        assertTrue(chains.toString().contains("http://127.0.0.1:9/\u2026"), "the URL is shown by its host: " + chains);
    }

    @Test
    @Order(8)
    void metricsAndHealthDescribeThePipeline() {
        String metrics = new String(api.bytes(daemon.url() + "/q/metrics").body(), java.nio.charset.StandardCharsets.UTF_8);
        for (String expected : List.of("atlas_stage_tokens_total{outcome=\"done\",stage=\"embed\"}",
                "atlas_stage_tokens_total{outcome=\"done\",stage=\"metadata\"}",
                "atlas_stage_duration_seconds_count{stage=\"image\"}",
                "atlas_embedding_batch_size_count{model=\"mobilenetv2-imagenet+colour0.35\"}",
                "atlas_rpc_requests_total{chain=\"31337\",outcome=\"ok\"}",
                "atlas_ipfs_requests_total{gateway=\"" + ipfs.url() + "\",outcome=\"ok\"}",
                "atlas_tokens{state=\"embedded\"}")) {
            assertTrue(metrics.contains(expected), "metrics lack " + expected);
        }
        JsonNode ready = api.get("/q/health/ready").body();
        assertTrue(ready.toString().contains("\"name\":\"model\"") && ready.toString().contains("1e77ae5275ca"),
                "the model check names the model: " + ready);
        assertTrue(ready.toString().contains("Database connections health check"), "the database is checked: " + ready);
    }

    @Test
    @Order(9)
    void fetchesToPrivateAddressesAreRefusedAlsoAfterARedirect() {
        String toLoopback = "data:application/json," + java.net.URLEncoder.encode(
                "{\"name\":\"x\",\"image\":\"http://127.0.0.2:" + java.net.URI.create(http.url()).getPort()
                        + "/images/1.png\"}", java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
        String toMetadataService = http.redirect("/metadata/steal.json", "http://169.254.169.254/latest/meta-data/");
        http.redirect("/loop/a", http.url() + "/loop/b");
        String loop = http.redirect("/loop/b", http.url() + "/loop/a");
        chain.mint(collection.address(), toLoopback);
        chain.mint(collection.address(), toMetadataService);
        chain.mint(collection.address(), loop);
        JsonNode counts = Waits.until(Duration.ofSeconds(60), "three tokens failed", () -> {
            JsonNode c = api.get(collectionUrl).body().get("tokens");
            return c.get("failed").asLong() == 3 ? c : null;
        });
        assertEquals(3, counts.get("failed").asLong());
        String loopError = api.get(collectionUrl + "/tokens/" + (TOKENS + 4)).body().get("error").asText();
        assertTrue(loopError.contains("redirected more than 5 times"), loopError);
        String loopbackError = api.get(collectionUrl + "/tokens/" + (TOKENS + 2)).body().get("error").asText();
        assertTrue(loopbackError.contains("the host is a loopback address, not on the allow list"), loopbackError);
        String redirectError = api.get(collectionUrl + "/tokens/" + (TOKENS + 3)).body().get("error").asText();
        assertTrue(redirectError.contains("the host is a link-local address"), redirectError);
        assertEquals("image", api.get(collectionUrl + "/tokens/" + (TOKENS + 2)).body().get("failedStage").asText());

        JsonNode failed = api.get(collectionUrl + "/tokens?state=failed").body();
        assertEquals(3, failed.get("tokens").size());
        assertTrue(failed.get("tokens").get(0).get("error").asText().contains("not on the allow list"));
        JsonNode page = api.get(collectionUrl + "/tokens?limit=50").body();
        assertEquals(50, page.get("tokens").size());
        assertEquals("51", api.get(collectionUrl + "/tokens?limit=50&cursor=" + page.get("next").asText()).body()
                .at("/tokens/0/tokenId").asText(), "the next page, by the opaque cursor");
        assertEquals("51", api.get(collectionUrl + "/tokens?limit=50&after=50").body().at("/tokens/0/tokenId").asText(),
                "after a token id");
        assertProblem(api.get(collectionUrl + "/tokens?cursor=" + page.get("next").asText().substring(1)), 400,
                "cursor is not one that tokens gave out");
        assertProblem(api.get(collectionUrl + "/tokens?state=lost"), 400, "state must be one of");
        AtlasClient.Answer retried = api.post(collectionUrl.substring(collectionUrl.indexOf("/api/")) + "/tokens/retry", "");
        assertEquals(202, retried.status());
        assertEquals(3, retried.body().get("refreshed").asInt());
        Waits.until(Duration.ofSeconds(60), "the retried tokens failed again, for the same reasons", () ->
                api.get(collectionUrl).body().get("tokens").get("failed").asLong() == 3 ? true : null);
    }

    @Test
    @Order(10)
    void anErc1155StyleIdTemplateAndAnArweaveImageAreResolved() {
        int id = TOKENS + 5;
        String tx = "bNbA3TEQVL60xlgCcqdz4ZPHFZ711cZ3hmkpGttDt_U";
        http.put("/arweave/" + tx, io.tokenatlas.testkit.FamilyArt.draw(1, 77).png(), "image/png");
        http.put("/erc1155/" + String.format("%064x", id) + ".json",
                ("{\"name\":\"templated\",\"image\":\"ar://" + tx + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "application/json");
        chain.mint(collection.address(), http.url() + "/erc1155/{id}.json");
        JsonNode token = Waits.until(Duration.ofSeconds(60), "token " + id + " embedded", () -> {
            AtlasClient.Answer a = api.get(collectionUrl + "/tokens/" + id);
            return a.status() == 200 && "embedded".equals(a.body().get("state").asText()) ? a.body() : null;
        });
        assertEquals("ar://" + tx, token.get("imageUri").asText());
        assertEquals("templated", token.get("name").asText());
    }

    @Test
    @Order(11)
    void tokensAreFoundByTheirModelTagsAndTraits() {
        JsonNode tagged = null;
        for (int id = 1; id <= 30 && tagged == null; id++) {
            JsonNode token = api.get(collectionUrl + "/tokens/" + id).body();
            if (token.get("tags").size() > 0) {
                tagged = token;
            }
        }
        assertNotNull(tagged, "some of the first 30 tokens have ImageNet tags");
        String label = tagged.at("/tags/0/label").asText();
        String tokenId = tagged.get("tokenId").asText();
        JsonNode byTag = api.get("/api/v1/search?q=" + java.net.URLEncoder.encode(label, java.nio.charset.StandardCharsets.UTF_8)
                + "&limit=500").body();
        boolean found = false;
        for (JsonNode hit : byTag.get("results")) {
            if (hit.get("tokenId").asText().equals(tokenId)) {
                found = hit.get("matches").toString().contains("\"kind\":\"tag\"");
            }
        }
        assertTrue(found, "token " + tokenId + " is found by its tag '" + label + "': " + byTag);

        long oceans = collection.tokens().values().stream().filter(t -> t.family().equals("Ocean")).count();
        String collectionId = collectionUrl.substring(collectionUrl.lastIndexOf('/') + 1);
        JsonNode byTrait = api.get("/api/v1/search?q=ocean&collection=" + collectionId + "&limit=500").body();
        long traitHits = 0;
        for (JsonNode hit : byTrait.get("results")) {
            if (hit.get("matches").toString().contains("Family: Ocean")) {
                traitHits++;
            }
        }
        assertEquals(oceans, traitHits, "every Ocean token is found by its trait: " + byTrait);
        // Pages of 3 walked by their opaque cursors give the same hits in the same order, none twice.
        List<String> walked = new java.util.ArrayList<>();
        String cursor = "";
        do {
            JsonNode page = api.get("/api/v1/search?q=ocean&collection=" + collectionId + "&limit=3&cursor=" + cursor).body();
            page.get("results").forEach(h -> walked.add(h.get("collectionId").asText() + "/" + h.get("tokenId").asText()));
            cursor = page.hasNonNull("next") ? page.get("next").asText() : null;
        } while (cursor != null && walked.size() <= byTrait.get("results").size());
        List<String> whole = new java.util.ArrayList<>();
        byTrait.get("results").forEach(h -> whole.add(h.get("collectionId").asText() + "/" + h.get("tokenId").asText()));
        assertEquals(whole, walked, "the pages of 3 are the one page of 500");
        assertProblem(api.get("/api/v1/search?q=ocean&cursor=bm90LWEtY3Vyc29y"), 400, "cursor is not one that search gave out");
        assertProblem(api.get("/api/v1/search?q=%20"), 400, "q must name what to look for");
        assertProblem(api.get("/api/v1/search?q=x&collection=999999"), 404, "not registered");
    }

    @Test
    @Order(99)
    void theDaemonStopsCleanlyAfterItsWork() throws java.io.IOException {
        long errorsBefore = java.nio.file.Files.readAllLines(daemon.log()).stream().filter(l -> l.contains(" ERROR ")).count();
        int exit = daemon.stop();
        List<String> log = java.nio.file.Files.readAllLines(daemon.log());
        assertTrue(exit == 0 || exit == 143, "stopped by SIGTERM, not aborted (134) or killed: exit " + exit);
        List<String> newErrors = log.stream().filter(l -> l.contains(" ERROR ")).skip(errorsBefore).toList();
        assertTrue(newErrors.isEmpty(), "no errors while stopping (scheduled work after shutdown): " + newErrors);
        assertTrue(log.stream().noneMatch(l -> l.contains("after shutdown")), "nothing ran after shutdown");
    }

    static void assertProblem(AtlasClient.Answer answer, int status, String detailPart) {
        assertEquals(status, answer.status(), () -> "answer: " + answer.body());
        assertTrue(answer.contentType() != null && answer.contentType().startsWith("application/problem+json"),
                "content type " + answer.contentType());
        assertEquals(status, answer.body().get("status").asInt());
        assertTrue(answer.body().get("detail") == null ? detailPart.isEmpty()
                : answer.body().get("detail").asText().contains(detailPart), () -> "detail: " + answer.body());
    }
}
