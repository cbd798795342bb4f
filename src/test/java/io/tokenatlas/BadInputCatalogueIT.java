package io.tokenatlas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenatlas.testkit.Anvil;
import io.tokenatlas.testkit.AtlasClient;
import io.tokenatlas.testkit.DagBomb;
import io.tokenatlas.testkit.DaemonProcess;
import io.tokenatlas.testkit.DemoCollection;
import io.tokenatlas.testkit.FamilyArt;
import io.tokenatlas.testkit.HostileServer;
import io.tokenatlas.testkit.IpfsGateway;
import io.tokenatlas.testkit.LyingGateway;
import io.tokenatlas.testkit.RealParts;
import io.tokenatlas.testkit.StaticServer;
import io.tokenatlas.testkit.SyntheticPng;
import io.tokenatlas.testkit.TestDatabase;
import io.tokenatlas.testkit.Waits;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;

/**
 * A catalogue of hostile and broken token content, each served by a real local server (the plain
 * HTTP server, a misbehaving one, the Helia gateway, a gateway that lies) or carried by the chain,
 * with the exact outcome asserted: the state, the failure code, the stage and the reason. Mixed in
 * are good tokens of the same collection: after the whole catalogue they are all embedded and the
 * daemon is healthy.
 */
class BadInputCatalogueIT {
    /** One input and what must become of it ({@code code} is a pattern: one code, or alternatives a|b). */
    record Case(String name, String tokenUri, int mode, String state, String code, String stage, String reason) {}

    static final int GOOD = 12;

    @Test
    void everyBadInputEndsWithItsReasonAndTheGoodTokensAreAllEmbedded() throws Exception {
        try (RealParts parts = RealParts.start("bad-inputs");
             LyingGateway liar = new LyingGateway();
             HostileServer hostile = new HostileServer()) {
            String address = parts.chain().deploy("HostileCollection", List.of(new Utf8String("Hostile"), new Utf8String("BAD")));
            List<Case> cases = catalogue(parts.http(), hostile, parts.ipfs(), liar);
            List<String> uris = new ArrayList<>();
            for (int i = 0; i < cases.size(); i++) {
                Case c = cases.get(i);
                if (c.mode() != 0) {
                    parts.chain().call(address, new Function("setMode", List.of(new Uint256(i + 1), new Uint8(c.mode())), List.of()));
                }
                uris.add(c.tokenUri());
            }
            for (int g = 1; g <= GOOD; g++) {
                uris.add(DemoCollection.prepare(cases.size() + g, 3, parts.ipfs(), parts.http()).tokenUri());
            }
            parts.chain().mintBatch(address, uris);

            var config = DaemonProcess.config(TestDatabase.NAME, parts.anvil().rpcUrl(), liar.url() + "," + parts.ipfs().url());
            config.put("atlas.worker.max-attempts", "2");
            // Retryable failures give up after the attempts, not after hours of an outage.
            config.put("atlas.worker.retry-budget", "0s");
            config.put("atlas.worker.retry-delay", "500ms");
            config.put("atlas.media.read-timeout", "2s");
            config.put("atlas.media.call-timeout", "4s");
            config.put("atlas.ipfs.try-timeout", "4s");
            try (DaemonProcess daemon = parts.daemon(config, "daemon.log")) {
                AtlasClient api = new AtlasClient(daemon.url());
                String url = api.register(Anvil.CHAIN_ID, address).location();
                int total = uris.size();
                Waits.until(Duration.ofMinutes(3), "every token settled", () -> {
                    JsonNode t = api.get(url).body().get("tokens");
                    return t.get("embedded").asLong() + t.get("failed").asLong() == total ? true : null;
                });
                List<String> wrong = new ArrayList<>();
                for (int i = 0; i < cases.size(); i++) {
                    Case c = cases.get(i);
                    JsonNode token = api.get(url + "/tokens/" + (i + 1)).body();
                    String got = token.get("state").asText() + " " + text(token, "errorCode") + " "
                            + text(token, "failedStage") + " " + text(token, "error");
                    boolean ok = token.get("state").asText().equals(c.state())
                            && text(token, "errorCode").matches(String.valueOf(c.code()))
                            && text(token, "failedStage").equals(String.valueOf(c.stage()))
                            && (c.reason() == null || text(token, "error").contains(c.reason()));
                    System.out.printf("%-3d %-46s %s%n", i + 1, c.name(), ok ? "ok: " + got : "WRONG: " + got);
                    if (!ok) {
                        wrong.add((i + 1) + " " + c.name() + ": expected " + c.state() + " " + c.code() + " " + c.stage()
                                + " '" + c.reason() + "', got " + got);
                    }
                }
                assertTrue(wrong.isEmpty(), String.join("\n", wrong));
                assertTrue(cases.size() >= 30, "the catalogue has " + cases.size() + " cases");

                for (int g = 1; g <= GOOD; g++) {
                    assertEquals("embedded", api.get(url + "/tokens/" + (cases.size() + g)).body().get("state").asText(),
                            "good token " + (cases.size() + g));
                }
                assertEquals(0, parts.http().requestCounts().getOrDefault("/xxe-target", 0), "the SVG's external entity was read");
                assertEquals(0, parts.http().requestCounts().getOrDefault("/href-target.png", 0), "the SVG's remote image was fetched");
                assertEquals(200, api.get("/q/health").status(), "the daemon is healthy after the catalogue");
                JsonNode failed = api.get(url + "/tokens?state=failed&limit=1000").body().get("tokens");
                long expectedFailures = cases.stream().filter(c -> c.state().equals("failed")).count();
                assertEquals(expectedFailures, failed.size(), "the failed list");
                for (JsonNode line : failed) {
                    assertTrue(line.hasNonNull("errorCode") && line.hasNonNull("error"), "a failure with its reason: " + line);
                }
            }
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "null" : value.asText();
    }

    static List<Case> catalogue(StaticServer http, HostileServer hostile, IpfsGateway ipfs, LyingGateway liar)
            throws IOException {
        List<Case> c = new ArrayList<>();
        String good = http.put("/good.png", FamilyArt.draw(1, 5).png(), "image/png");
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        int port = java.net.URI.create(http.url()).getPort();

        // Metadata that is broken or hostile.
        c.add(new Case("malformed JSON", json(http, "/m/malformed.json", "{\"name\": \"x\", \"image\": "), 0,
                "failed", "invalid_json", "metadata", "metadata is not valid JSON"));
        c.add(new Case("JSON array instead of an object", json(http, "/m/array.json", "[1, 2, 3]"), 0,
                "failed", "invalid_json", "metadata", "metadata is not a JSON object"));
        c.add(new Case("JSON nested 100000 deep", json(http, "/m/deep.json", "[".repeat(100_000)), 0,
                "failed", "invalid_json", "metadata", "nesting depth"));
        c.add(new Case("metadata that is not UTF-8", http.put("/m/latin1.json",
                "{\"name\": \"caf\u00e9\", \"image\": \"x\"}".getBytes(StandardCharsets.ISO_8859_1), "application/json"), 0,
                "failed", "invalid_json", "metadata", "is not valid UTF-8"));
        c.add(new Case("metadata without an image", json(http, "/m/noimage.json", "{\"name\": \"x\", \"image\": 5}"), 0,
                "failed", "no_image", "metadata", "metadata has no image"));
        c.add(new Case("50 MB of JSON with a Content-Length", hostile.url("/huge-declared.json"), 0,
                "failed", "too_large", "metadata", "over the limit of 1048576"));
        c.add(new Case("50 MB of JSON, chunked", hostile.url("/huge-chunked.json"), 0,
                "failed", "too_large", "metadata", "sent more than the limit of 1048576"));
        c.add(new Case("a gzip bomb (64 MiB of zeros)", hostile.url("/gzip-bomb.json"), 0,
                "failed", "too_large", "metadata", "sent more than the limit of 1048576"));
        c.add(new Case("a server sending one byte a second", hostile.url("/trickle.json"), 0,
                "failed", "timeout", "metadata", "took longer than the call timeout"));
        c.add(new Case("a server that never answers", hostile.url("/hang.json"), 0,
                "failed", "timeout", "metadata", "timed out"));
        c.add(new Case("HTTP 500 every time", hostile.url("/error.json"), 0,
                "failed", "http_status", "metadata", "answered HTTP 500"));
        c.add(new Case("HTTP 404", http.url() + "/m/missing.json", 0,
                "failed", "http_status", "metadata", "answered HTTP 404"));
        c.add(new Case("a closed port", "http://127.0.0.1:" + closedPort + "/m.json", 0,
                "failed", "unreachable", "metadata", "could not connect"));

        // tokenURIs that cannot be fetched.
        c.add(new Case("tokenURI reverts with a reason", "unused", 1,
                "failed", "token_uri_reverted", "metadata", "metadata frozen: this token has no URI"));
        c.add(new Case("tokenURI reverts with a custom error", "unused", 2,
                "failed", "token_uri_reverted", "metadata", "reverted"));
        c.add(new Case("tokenURI answers no ABI string", "unused", 3,
                "failed", "token_uri_invalid", "metadata", "answer is not a string"));
        c.add(new Case("an empty tokenURI", "", 0, "failed", "invalid_uri", "metadata", "the URI is empty"));
        c.add(new Case("an ftp:// tokenURI", "ftp://example.org/1.json", 0,
                "failed", "invalid_uri", "metadata", "unsupported URI scheme 'ftp'"));
        c.add(new Case("an invalid CID", "ipfs://QmThisIsNotACid/1.json", 0,
                "failed", "invalid_uri", "metadata", "not an IPFS CID"));
        c.add(new Case("a CID with a broken multihash", "ipfs://bafkreiaaaa" + "a".repeat(49), 0,
                "failed", "invalid_uri", "metadata", "is not a valid CID"));
        c.add(new Case("a data: URI whose base64 is broken", "data:application/json;base64,e30*%%", 0,
                "failed", "invalid_uri", "metadata", "payload does not decode"));
        c.add(new Case("a malformed ar:// id", "ar://short", 0,
                "failed", "invalid_uri", "metadata", "not an Arweave transaction id"));

        // Where the fetch may not go.
        c.add(new Case("a redirect loop", loop(http), 0, "failed", "redirect_limit", "metadata", "redirected more than 5 times"));
        c.add(new Case("a redirect to 127.0.0.2", http.redirect("/r/loopback", "http://127.0.0.2:" + port + "/good.png"), 0,
                "failed", "address_refused", "metadata", "the host is a loopback address, not on the allow list"));
        c.add(new Case("a redirect to the metadata service", http.redirect("/r/imds", "http://169.254.169.254/latest/"), 0,
                "failed", "address_refused", "metadata", "the host is a link-local address"));
        c.add(new Case("an image on [::1]", meta("http://[::1]:" + port + "/good.png"), 0,
                "failed", "address_refused", "image", "the host is a loopback address, not on the allow list"));
        c.add(new Case("an image on 0.0.0.0", meta("http://0.0.0.0:" + port + "/good.png"), 0,
                "failed", "address_refused", "image", "0.0.0.0"));
        c.add(new Case("an image at file:///etc/passwd", meta("file:///etc/passwd"), 0,
                "failed", "invalid_uri", "image", "unsupported URI scheme 'file'"));
        c.add(new Case("a redirect to itself", http.redirect("/r/self", http.url() + "/r/self"), 0,
                "failed", "redirect_limit", "metadata", "redirected more than 5 times"));
        c.add(new Case("an image on NAT64's form of 127.0.0.1", meta("http://[64:ff9b::7f00:1]:" + port + "/good.png"), 0,
                "failed", "address_refused", "image", "the host is a NAT64 address, not on the allow list"));
        c.add(new Case("an image on a public host's mail port", meta("http://8.8.8.8:25/good.png"), 0,
                "failed", "address_refused", "image", "port 25 is not one fetches may use"));
        String someCid = ipfs.add("{\"name\":\"a document on IPFS\"}".getBytes(StandardCharsets.UTF_8));
        json(http, "/f/evil.json", "{\"name\":\"foreign\",\"image\":\"" + good + "\"}");
        c.add(new Case("an IPFS path that climbs out to the gateway host", "ipfs://" + someCid + "/../../f/evil.json", 0,
                "failed", "invalid_uri", "metadata", "would leave the content it names"));
        c.add(new Case("the same climb percent-encoded", "ipfs://" + someCid + "/%2e%2e/%2E%2E/f/evil.json", 0,
                "failed", "invalid_uri", "metadata", "would leave the content it names"));
        DagBomb bomb = DagBomb.of(60);
        liar.host(bomb.root().toV1String(), bomb.car());
        c.add(new Case("an IPFS DAG that links one block 2^60 times (7 KB)", meta("ipfs://" + bomb.root().toV1String()), 0,
                "failed", "too_large", "image", "leads to more than 1048576 blocks"));

        // Images that are no images, or too much of one.
        c.add(new Case("an image that is HTML", meta(http.put("/i/page.png",
                "<!DOCTYPE html><html><body>nope</body></html>".getBytes(StandardCharsets.UTF_8), "text/html")), 0,
                "failed", "unsupported_image", "image", "an HTML page"));
        c.add(new Case("an image that is JSON", meta(http.put("/i/json.png", "{\"a\":1}".getBytes(StandardCharsets.UTF_8),
                "application/json")), 0, "failed", "unsupported_image", "image", "a JSON document"));
        c.add(new Case("an empty image", meta(http.put("/i/empty.png", new byte[0], "image/png")), 0,
                "failed", "unsupported_image", "image", "the image is empty"));
        c.add(new Case("a 1x1 PNG claiming 100000x100000", meta(http.put("/i/claims.png", png(100_000, 100_000, false),
                "image/png")), 0, "failed", "too_many_pixels", "image", "100000x100000 pixels, over the limit"));
        c.add(new Case("a PNG bomb of 20000x20000 zeros", meta(http.put("/i/bomb.png", png(20_000, 20_000, true),
                "image/png")), 0, "failed", "too_many_pixels", "image", "20000x20000 pixels, over the limit"));
        byte[] goodPng = FamilyArt.draw(2, 5).png();
        c.add(new Case("a truncated PNG", meta(http.put("/i/truncated.png",
                java.util.Arrays.copyOf(goodPng, goodPng.length / 3), "image/png")), 0,
                "failed", "undecodable_image", "image", "image does not decode"));
        c.add(new Case("a body shorter than its Content-Length", meta(hostile.url("/short.png")), 0,
                "failed", "transfer_failed", "image", "failed"));
        c.add(new Case("SVG that is not well-formed", meta(http.put("/i/broken.svg",
                "<svg xmlns='http://www.w3.org/2000/svg'><rect".getBytes(StandardCharsets.UTF_8), "image/svg+xml")), 0,
                "failed", "undecodable_image", "image", "SVG does not parse"));
        c.add(new Case("a CID whose bytes do not match (only a liar has it)", meta("ipfs://" + unknownCid()), 0,
                "failed", "cid_mismatch", "image", "no gateway sent bytes that hash to the CID"));

        // Hostile but harmless: drawn without their payload.
        c.add(new Case("SVG with an external entity", meta(http.put("/i/xxe.svg", ("<?xml version='1.0'?>"
                + "<!DOCTYPE svg [<!ENTITY xxe SYSTEM '" + http.url() + "/xxe-target'>]>"
                + "<svg xmlns='http://www.w3.org/2000/svg' width='64' height='64'><rect width='64' height='64' fill='#c33'/>"
                + "<text y='30'>&xxe;</text></svg>").getBytes(StandardCharsets.UTF_8), "image/svg+xml")), 0,
                "embedded", "null", "null", null));
        c.add(new Case("SVG with a remote href and a script", meta(http.put("/i/href.svg", ("<svg xmlns='http://www.w3.org/2000/svg'"
                + " xmlns:xlink='http://www.w3.org/1999/xlink' width='64' height='64'><script>fetch('/x')</script>"
                + "<rect width='64' height='64' fill='#3c3'/><image xlink:href='" + http.url() + "/href-target.png'"
                + " width='64' height='64'/></svg>").getBytes(StandardCharsets.UTF_8), "image/svg+xml")), 0,
                "embedded", "null", "null", null));
        c.add(new Case("inline image_data SVG", dataJson("{\"name\":\"inline\",\"image_data\":\"<svg xmlns='http://www.w3.org/2000/svg'"
                + " width='32' height='32'><circle cx='16' cy='16' r='12' fill='#36c'/></svg>\"}"), 0,
                "embedded", "null", "null", null));
        c.add(new Case("a CMYK JPEG", meta(http.put("/i/cmyk.jpg", resource("cmyk.jpg"), "image/jpeg")), 0,
                "embedded", "null", "null", null));
        c.add(new Case("a WebP", meta(http.put("/i/lossy.webp", resource("lossy.webp"), "image/webp")), 0,
                "embedded", "null", "null", null));
        c.add(new Case("an animated GIF", meta(http.put("/i/animated.gif", resource("animated.gif"), "image/gif")), 0,
                "embedded", "null", "null", null));
        c.add(new Case("a good image behind a redirect", meta(http.redirect("/r/good", good)), 0,
                "embedded", "null", "null", null));
        // One CID fetched at once as metadata (over its 1 MB limit) and as an image (within 20 MB): the
        // metadata fetch's failure must not become the image's.
        String large = ipfs.add(noise(720, 720));
        for (int i = 0; i < 3; i++) {
            // Too large, whether read from the cache the image fetch filled or refused by the lying gateway first.
            c.add(new Case("a tokenURI naming a 1.5 MB picture on IPFS", "ipfs://" + large, 0,
                    "failed", "too_large|cid_mismatch", "metadata", null));
            c.add(new Case("that picture as an image, fetched at the same time", meta("ipfs://" + large), 0,
                    "embedded", "null", "null", null));
        }
        c.add(new Case("an image inside its identity CID (a lying gateway first)", meta("ipfs://"
                + new io.tokenatlas.fetch.Cid(1, io.tokenatlas.fetch.Cid.RAW, io.tokenatlas.fetch.Cid.IDENTITY,
                        png(24, 24, true)).toV1String()), 0, "embedded", "null", "null", null));
        c.add(new Case("on-chain SVG with a stray % (width='100%')", "data:application/json;utf8,{\"name\":\"pct\","
                + "\"image\":\"data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg' width='100%' height='100%'"
                + " viewBox='0 0 8 8'><rect width='8' height='4' fill='%23c33'/></svg>\"}", 0,
                "embedded", "null", "null", null));
        return c;
    }

    static String json(StaticServer http, String path, String body) {
        return http.put(path, body.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    static String meta(String image) {
        return dataJson("{\"name\":\"case\",\"image\":\"" + image + "\"}");
    }

    static String dataJson(String json) {
        return "data:application/json;base64," + Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static String loop(StaticServer http) {
        http.redirect("/r/loop-b", http.url() + "/r/loop-a");
        return http.redirect("/r/loop-a", http.url() + "/r/loop-b");
    }

    /** A raw CIDv1 of bytes that no honest gateway holds. */
    static String unknownCid() {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest("nobody has published this".getBytes(StandardCharsets.UTF_8));
            return new io.tokenatlas.fetch.Cid(1, io.tokenatlas.fetch.Cid.RAW, io.tokenatlas.fetch.Cid.SHA2_256, digest)
                    .toV1String();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An RGB PNG of random pixels (it does not compress: about 3 bytes a pixel). */
    static byte[] noise(int width, int height) throws IOException {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(width, height,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.util.Random random = new java.util.Random(7);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = BadInputCatalogueIT.class.getResourceAsStream("/images/" + name)) {
            return in.readAllBytes();
        }
    }

    /** A greyscale PNG whose header says width x height (see {@link SyntheticPng#zeros}). */
    static byte[] png(int width, int height, boolean fill) {
        return SyntheticPng.zeros(width, height, SyntheticPng.GREY, 8, fill);
    }

    static BigInteger id(int i) {
        return BigInteger.valueOf(i);
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
