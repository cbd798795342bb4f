package io.tokenatlas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.tokenatlas.testkit.Anvil;
import io.tokenatlas.testkit.AtlasClient;
import io.tokenatlas.testkit.DaemonProcess;
import io.tokenatlas.testkit.DemoCollection;
import io.tokenatlas.testkit.FamilyArt;
import io.tokenatlas.testkit.LyingGateway;
import io.tokenatlas.testkit.RealParts;
import io.tokenatlas.testkit.TestDatabase;
import io.tokenatlas.testkit.Waits;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * IPFS content is fetched as CARs and every block checked against its CID: with a lying gateway
 * first in the list every image still comes from the honest one (also files of several chunks with
 * raw or dag-pb leaves), the liar is counted and sinks in the gateway scores; a gateway that never
 * answers is hedged around; and content shared by many tokens is fetched once.
 */
class IpfsVerificationIT {
    static final int TOKENS = 12;

    @Test
    void aGatewayWhoseBytesDoNotMatchTheCidIsPassedOver() throws Exception {
        try (RealParts parts = RealParts.start("ipfs-verification");
             LyingGateway liar = new LyingGateway()) {
            String address = parts.chain().deployCollection("Verified", "VER");
            List<String> uris = new ArrayList<>();
            List<byte[]> genuine = new ArrayList<>();
            for (int i = 1; i <= TOKENS; i++) {
                uris.add(DemoCollection.prepareOnIpfsRaw(i, 51, parts.ipfs()).tokenUri());
                genuine.add(FamilyArt.draw((i - 1) % FamilyArt.FAMILIES.size(), 51 * 1_000_003L + i).png());
            }
            // Two larger pictures in directories: 1 MiB chunks with raw leaves, 64 KiB chunks with dag-pb leaves.
            byte[] big = noisyPng(900, 700, 1);
            byte[] chunky = noisyPng(300, 200, 2);
            assertTrue(big.length > 1 << 20, "the big picture spans several 1 MiB chunks: " + big.length);
            uris.add(metadata("big", "ipfs://" + parts.ipfs().addChunked(big, "big.png", 1 << 20, true) + "/big.png"));
            uris.add(metadata("chunky", "ipfs://" + parts.ipfs().addChunked(chunky, "chunky.png", 65536, false) + "/chunky.png"));
            genuine.add(big);
            genuine.add(chunky);
            parts.chain().mintBatch(address, uris);
            var config = DaemonProcess.config(TestDatabase.NAME, parts.anvil().rpcUrl(), liar.url() + "," + parts.ipfs().url());
            config.put("atlas.ipfs.verification", "required");
            try (DaemonProcess daemon = parts.daemon(config, "daemon.log")) {
                AtlasClient api = new AtlasClient(daemon.url());
                String url = api.register(Anvil.CHAIN_ID, address).location();
                Waits.until(Duration.ofSeconds(120), "all embedded", () ->
                        api.get(url).body().get("tokens").get("embedded").asLong() == genuine.size() ? true : null);
                MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
                for (int i = 1; i <= genuine.size(); i++) {
                    String stored = TestDatabase.query(TestDatabase.NAME,
                            "SELECT media_sha256 || ' ' || image_verified FROM token WHERE token_id = " + i).getFirst().getFirst();
                    assertEquals(HexFormat.of().formatHex(sha256.digest(genuine.get(i - 1))) + " true", stored,
                            "token " + i + "'s image, verified");
                }
                // The 900 px picture has a 512 px JPEG thumbnail besides the stored 256 px one.
                JsonNode bigToken = api.get(url + "/tokens/" + (TOKENS + 1)).body();
                AtlasClient.Bytes large = api.bytes(bigToken.get("thumbnails").get("512").asText());
                assertEquals("image/jpeg", large.contentType());
                assertEquals(512, IndexingEndToEndIT.longestSide(large.body()));
                assertEquals(256, IndexingEndToEndIT.longestSide(api.bytes(bigToken.get("thumbnails").get("256").asText()).body()));
                String metrics = new String(api.bytes(daemon.url() + "/q/metrics").body(), StandardCharsets.UTF_8);
                double lies = metric(metrics, "atlas_ipfs_requests_total{gateway=\"" + liar.url() + "\",outcome=\"mismatch\"}");
                System.out.printf("the lying gateway answered %d times, every answer caught (%.0f mismatches)%n",
                        liar.answered(), lies);
                assertTrue(liar.answered() >= 1);
                assertEquals(liar.answered(), (int) lies, "every lie was caught");
                JsonNode gateways = api.get("/api/v1/ipfs/gateways").body();
                JsonNode liarScore = gateways.get(0);
                JsonNode honest = gateways.get(1);
                assertEquals(liar.url(), liarScore.get("gateway").asText());
                assertTrue(liarScore.get("score").asDouble() < honest.get("score").asDouble(), "scores " + gateways);
                assertEquals(0, liarScore.get("ok").asLong());
            }
        }
    }

    @Test
    void aGatewayThatNeverAnswersIsHedgedAndSharedContentIsFetchedOnce() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        HttpServer stalling = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stalling.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        stalling.createContext("/", exchange -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        stalling.start();
        try (RealParts parts = RealParts.start("ipfs-hedging")) {
            String address = parts.chain().deployCollection("Shared", "SHR");
            byte[] picture = FamilyArt.draw(2, 9).png();
            String cid = parts.ipfs().add(picture);
            List<String> uris = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                uris.add(metadata("copy " + i, "ipfs://" + cid));
            }
            parts.chain().mintBatch(address, uris);
            String stallingUrl = "http://127.0.0.1:" + stalling.getAddress().getPort();
            var config = DaemonProcess.config(TestDatabase.NAME, parts.anvil().rpcUrl(), stallingUrl + "," + parts.ipfs().url());
            config.put("atlas.ipfs.hedge-delay", "300ms");
            // Longer than the test waits: only a hedged request to the next gateway can embed the tokens.
            config.put("atlas.ipfs.try-timeout", "10m");
            try (DaemonProcess daemon = parts.daemon(config)) {
                AtlasClient api = new AtlasClient(daemon.url());
                String url = api.register(Anvil.CHAIN_ID, address).location();
                Waits.until(Duration.ofMinutes(3), "all embedded while the first gateway still has not answered", () ->
                        api.get(url).body().get("tokens").get("embedded").asLong() == 10 ? true : null);
                assertEquals(1, parts.ipfs().servedCounts().get("/ipfs/" + cid), "ten tokens, one fetch: " + parts.ipfs().servedCounts());
                String metrics = new String(api.bytes(daemon.url() + "/q/metrics").body(), StandardCharsets.UTF_8);
                assertTrue(metric(metrics, "atlas_ipfs_hedged_total") >= 1, "a hedged request was sent");
                double reused = metric(metrics, "atlas_ipfs_cache_total{outcome=\"hit\"}")
                        + metric(metrics, "atlas_ipfs_cache_total{outcome=\"shared\"}");
                assertEquals(9, reused, "nine tokens were served from the cache or the running fetch");
            }
        } finally {
            never.countDown();
            stalling.stop(0);
        }
    }

    /** A gateway that only serves plain files (no CARs): with verification fallback the image is used, marked unverified. */
    @Test
    void aPathOnlyGatewayIsUsedUnverifiedAsTheConfiguredFallback() throws Exception {
        try (RealParts parts = RealParts.start("ipfs-fallback")) {
            io.tokenatlas.testkit.StaticServer pathOnly = parts.http();
            String address = parts.chain().deployCollection("Plain", "PLN");
            byte[] picture = FamilyArt.draw(3, 4).png();
            String cid = "bafkreigkmgoz6opcl6ctvu7vb2q3pfjnfhgxovuvtngb3557pwcyhujnvu"; // a path gateway is taken at its word
            pathOnly.put("/ipfs/" + cid, picture, "image/png");
            parts.chain().mintBatch(address, List.of(metadata("plain", "ipfs://" + cid)));
            var config = DaemonProcess.config(TestDatabase.NAME, parts.anvil().rpcUrl(), pathOnly.url());
            try (DaemonProcess daemon = parts.daemon(config)) {
                AtlasClient api = new AtlasClient(daemon.url());
                String url = api.register(Anvil.CHAIN_ID, address).location();
                JsonNode token = Waits.until(Duration.ofSeconds(60), "token 1 embedded", () -> {
                    AtlasClient.Answer a = api.get(url + "/tokens/1");
                    return a.status() == 200 && "embedded".equals(a.body().get("state").asText()) ? a.body() : null;
                });
                assertEquals(false, token.get("imageVerified").asBoolean(), "marked unverified: " + token);
                String metrics = new String(api.bytes(daemon.url() + "/q/metrics").body(), StandardCharsets.UTF_8);
                assertEquals(1, metric(metrics, "atlas_ipfs_requests_total{gateway=\"" + pathOnly.url()
                        + "\",outcome=\"unverifiable\"}"));
                assertEquals(1, metric(metrics, "atlas_ipfs_requests_total{gateway=\"" + pathOnly.url()
                        + "\",outcome=\"unverified\"}"));
            }
        }
    }

    /**
     * A drop as large drops publish it: 10,000 images in one IPFS directory, which IPFS tools shard
     * (HAMT). With verification required, tokens anywhere in it are fetched through its shards from
     * the trustless gateway and every image is verified.
     */
    @Test
    void tenThousandFilesInOneShardedDirectoryAreVerifiedThroughItsShards() throws Exception {
        try (RealParts parts = RealParts.start("ipfs-sharded")) {
            java.util.Map<String, byte[]> files = new java.util.LinkedHashMap<>();
            for (int i = 1; i <= 10_000; i++) {
                files.put(i + ".png", FamilyArt.draw(i % FamilyArt.FAMILIES.size(), i).png());
            }
            String directory = parts.ipfs().addDirectory(files);
            byte[] root = parts.ipfs().block(directory);
            assertEquals(5, io.tokenatlas.fetch.UnixFsFile.unixFsType(root), "the directory is sharded (HAMT)");

            int[] ids = {1, 2, 777, 1234, 4096, 5000, 7777, 9999, 10_000};
            String address = parts.chain().deployCollection("Sharded", "SHARD");
            List<String> uris = new ArrayList<>();
            for (int id : ids) {
                uris.add(metadata("#" + id, "ipfs://" + directory + "/" + id + ".png"));
            }
            parts.chain().mintBatch(address, uris);
            var config = parts.config();
            config.put("atlas.ipfs.verification", "required");
            try (DaemonProcess daemon = parts.daemon(config, "daemon.log")) {
                AtlasClient api = new AtlasClient(daemon.url());
                String url = api.register(Anvil.CHAIN_ID, address).location();
                Waits.until(Duration.ofMinutes(3), "all embedded", () -> {
                    JsonNode tokens = api.get(url).body().get("tokens");
                    assertEquals(0, tokens.get("failed").asLong(), () -> api.get(url + "/tokens?state=failed").body().toString());
                    return tokens.get("embedded").asLong() == ids.length ? true : null;
                });
                MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
                for (int t = 1; t <= ids.length; t++) {
                    String stored = TestDatabase.query(TestDatabase.NAME,
                            "SELECT media_sha256 || ' ' || image_verified FROM token WHERE token_id = " + t).getFirst().getFirst();
                    assertEquals(HexFormat.of().formatHex(sha256.digest(files.get(ids[t - 1] + ".png"))) + " true", stored,
                            "token " + t + " (file " + ids[t - 1] + ".png), verified");
                }
            }
        }
    }

    static String metadata(String name, String image) {
        String json = "{\"name\":\"" + name + "\",\"image\":\"" + image + "\"}";
        return "data:application/json;base64," + Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A PNG of coloured noise: it does not compress, so it is as large as its pixels. */
    static byte[] noisyPng(int width, int height, long seed) throws java.io.IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** The value of one Prometheus sample line, 0 when absent. */
    static double metric(String metrics, String sample) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1).strip());
            }
        }
        return 0;
    }
}
