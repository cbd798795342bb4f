package io.tokenatlas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenatlas.testkit.Anvil;
import io.tokenatlas.testkit.AtlasClient;
import io.tokenatlas.testkit.DemoCollection;
import io.tokenatlas.testkit.ManagedProcess;
import io.tokenatlas.testkit.RealParts;
import io.tokenatlas.testkit.Tools;
import io.tokenatlas.testkit.Waits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The chain node is killed (SIGKILL) for 30 s and restarted from its saved state: the daemon says
 * so on /q/health and /api/v1/chains while it is gone, and carries on by itself when it is back.
 */
class ChainOutageIT {
    static final Duration OUTAGE = Duration.ofSeconds(30);

    @Test
    void reportsTheOutageAndResumesByItself() throws Exception {
        int port = ManagedProcess.freePort();
        Path state = Tools.logs().resolve("chain-outage").resolve("anvil-state.json");
        Files.createDirectories(state.getParent());
        Files.deleteIfExists(state);
        String[] persist = {"--state", state.toString(), "--state-interval", "1"};
        try (RealParts parts = RealParts.start("chain-outage",
                logs -> Anvil.start(port, Anvil.CHAIN_ID, logs.resolve("anvil.log"), persist))) {
            DemoCollection collection = DemoCollection.publish(parts.chain(), parts.ipfs(), parts.http(), 5, 31, i -> { });
            AtlasClient api = new AtlasClient(parts.daemon(parts.config()).url());
            String url = api.register(Anvil.CHAIN_ID, collection.address()).location();
            awaitEmbedded(api, url, 5);
            Thread.sleep(2_000);
            parts.anvil().kill();
            long killedAt = System.nanoTime();

            JsonNode health = Waits.until(Duration.ofSeconds(25), "/q/health to report the chain down", () -> {
                AtlasClient.Answer a = api.get("/q/health");
                return a.status() == 503 && a.body().toString().contains("DOWN: ") ? a.body() : null;
            });
            assertTrue(health.toString().contains("chain 31337"), health.toString());
            JsonNode chainStatus = api.get("/api/v1/chains").body().get(0);
            assertTrue(chainStatus.get("recentErrors").size() > 0, chainStatus.toString());
            assertTrue(!chainStatus.get("endpoints").get(0).get("healthy").asBoolean(), chainStatus.toString());
            assertEquals(200, api.get(url + "/tokens/1/similar?k=2").status(), "reads go on during the outage");

            long left = OUTAGE.toMillis() - (System.nanoTime() - killedAt) / 1_000_000;
            Thread.sleep(Math.max(0, left));
            parts.anvil(Anvil.start(port, Anvil.CHAIN_ID, parts.logs().resolve("anvil-restarted.log"), persist));
            parts.chain().mint(collection.address(), DemoCollection.prepare(6, 31, parts.ipfs(), parts.http()).tokenUri());
            awaitEmbedded(api, url, 6);
            Waits.until(Duration.ofSeconds(30), "/q/health up again", () ->
                    api.get("/q/health").status() == 200 ? true : null);
        }
    }

    static void awaitEmbedded(AtlasClient api, String url, int count) {
        Waits.until(Duration.ofSeconds(60), count + " tokens embedded", () ->
                api.get(url).body().get("tokens").get("embedded").asLong() == count ? true : null);
    }
}
