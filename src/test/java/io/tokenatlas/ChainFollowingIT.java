package io.tokenatlas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenatlas.testkit.Anvil;
import io.tokenatlas.testkit.AtlasClient;
import io.tokenatlas.testkit.ChainWriter;
import io.tokenatlas.testkit.DaemonProcess;
import io.tokenatlas.testkit.DemoCollection;
import io.tokenatlas.testkit.IpfsGateway;
import io.tokenatlas.testkit.ManagedProcess;
import io.tokenatlas.testkit.ProviderProxy;
import io.tokenatlas.testkit.RealParts;
import io.tokenatlas.testkit.StaticServer;
import io.tokenatlas.testkit.TestDatabase;
import io.tokenatlas.testkit.Waits;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Following on two real anvil chains: RPC failover (the first URL is a closed port), new heads over
 * WebSocket, ERC-4906 updates and refreshes, the ERC721Enumerable cross-check, and log windows
 * that adapt to a provider's cap (chain 31338 sits behind a capping proxy).
 */
class ChainFollowingIT {
    static final long CAPPED_CHAIN = 31338;
    static Anvil anvil;
    static Anvil capped;
    static ProviderProxy proxy;
    static IpfsGateway ipfs;
    static StaticServer http;
    static ChainWriter chain;
    static DaemonProcess daemon;
    static AtlasClient api;
    static String deadUrl;
    static RealParts parts;

    @BeforeAll
    static void start() {
        parts = RealParts.start("chain-following");
        anvil = parts.anvil();
        capped = parts.open(Anvil.start(0, CAPPED_CHAIN, parts.logs().resolve("anvil-capped.log")));
        proxy = parts.open(new ProviderProxy(capped.rpcUrl(), ProviderProxy.Limits.blockRange(4)));
        ipfs = parts.ipfs();
        http = parts.http();
        chain = parts.chain();
        deadUrl = "http://127.0.0.1:" + ManagedProcess.freePort();
        Map<String, String> config = DaemonProcess.config(TestDatabase.NAME, deadUrl + "," + anvil.rpcUrl(), ipfs.url());
        config.put("atlas.chains.\"31337\".ws-url", "ws://127.0.0.1:" + anvil.port());
        config.put("atlas.chains.\"31338\".rpc-urls", proxy.url());
        config.put("atlas.chains.\"31338\".poll-interval", "300ms");
        daemon = parts.daemon(config);
        api = new AtlasClient(daemon.url());
    }

    @AfterAll
    static void stop() {
        if (parts != null) {
            parts.close();
        }
    }

    static String registerAndIndex(long chainId, String address, int tokens) {
        AtlasClient.Answer answer = api.register(chainId, address);
        assertEquals(202, answer.status(), () -> "register: " + answer.body());
        String url = answer.location();
        Waits.until(Duration.ofSeconds(90), tokens + " tokens embedded", () ->
                api.get(url).body().get("tokens").get("embedded").asLong() == tokens ? true : null);
        return url;
    }

    @Test
    void failsOverFromAClosedPortAndSubscribesToNewHeads() {
        DemoCollection collection = DemoCollection.publish(chain, ipfs, http, 3, 21, i -> { });
        registerAndIndex(Anvil.CHAIN_ID, collection.address(), 3);
        JsonNode chains = api.get("/api/v1/chains").body();
        JsonNode main = chains.get(0);
        assertEquals(Anvil.CHAIN_ID, main.get("chainId").asLong());
        assertEquals(anvil.rpcUrl(), main.get("urlInUse").asText());
        assertTrue(main.get("webSocketConnected").asBoolean(), main.toString());
        JsonNode dead = main.get("endpoints").get(0);
        assertEquals(deadUrl, dead.get("url").asText());
        assertTrue(dead.get("failuresInARow").asInt() > 0 && !dead.get("healthy").asBoolean(), dead.toString());
        assertTrue(main.get("recentErrors").size() > 0);
        assertTrue(main.get("head").asLong() > 0);
        JsonNode health = api.get("/q/health").body();
        assertTrue(health.toString().contains("chain 31337"), "the chains check is on /q/health: " + health);
    }

    @Test
    void anErc4906UpdateReResolvesTheTokenWhileItsOldVectorStaysServed() {
        DemoCollection collection = DemoCollection.publish(chain, ipfs, http, 6, 22, i -> { });
        String url = registerAndIndex(Anvil.CHAIN_ID, collection.address(), 6);
        String before = api.get(url + "/tokens/2").body().get("tokenUri").asText();
        DemoCollection.Token replacement = DemoCollection.prepare(5, 99, ipfs, http);
        chain.setTokenUri(collection.address(), BigInteger.TWO, replacement.tokenUri());
        assertEquals(200, api.get(url + "/tokens/2/similar?k=3").status(), "the old vector is served meanwhile");
        JsonNode updated = Waits.until(Duration.ofSeconds(60), "token 2 re-resolved", () -> {
            JsonNode t = api.get(url + "/tokens/2").body();
            return replacement.tokenUri().equals(t.get("tokenUri").asText()) && "embedded".equals(t.get("state").asText())
                    ? t : null;
        });
        assertNotEquals(before, updated.get("tokenUri").asText());
        assertEquals("2", TestDatabase.query(TestDatabase.NAME, "SELECT embed_count FROM token t JOIN collection c ON "
                + "c.id = t.collection_id WHERE c.address = '" + collection.address().toLowerCase() + "' AND token_id = 2")
                .getFirst().getFirst());
    }

    @Test
    void refreshSendsTokensThroughThePipelineAgain() {
        DemoCollection collection = DemoCollection.publish(chain, ipfs, http, 4, 23, i -> { });
        String url = registerAndIndex(Anvil.CHAIN_ID, collection.address(), 4);
        String path = url.substring(url.indexOf("/api/"));
        AtlasClient.Answer one = api.post(path + "/tokens/3/refresh", "");
        assertEquals(202, one.status());
        assertEquals(1, one.body().get("refreshed").asInt());
        AtlasClient.Answer all = api.post(path + "/refresh", "");
        assertEquals(202, all.status());
        assertEquals(4, all.body().get("refreshed").asInt());
        assertEquals(404, api.post(path + "/tokens/77/refresh", "").status());
        Waits.until(Duration.ofSeconds(60), "all re-embedded", () ->
                api.get(url).body().get("tokens").get("embedded").asLong() == 4 ? true : null);
    }

    @Test
    void theEnumerableCheckConfirmsTheTokenSetOrSaysWhatIsMissing() {
        String complete = chain.deploy("AtlasEnumerableCollection", List.of());
        String partial = chain.deploy("AtlasEnumerableCollection", List.of());
        for (int i = 1; i <= 4; i++) {
            chain.mint(complete, DemoCollection.prepare(i, 24, ipfs, http).tokenUri());
            chain.mint(partial, DemoCollection.prepare(i, 25, ipfs, http).tokenUri());
        }
        long later = anvilBlock();
        chain.mint(partial, DemoCollection.prepare(5, 25, ipfs, http).tokenUri());
        registerAndIndex(Anvil.CHAIN_ID, complete, 4);
        String ok = Waits.until(Duration.ofSeconds(30), "the supply check", () ->
                api.get("/api/v1/collections").body().findValues("supplyCheck").stream()
                        .map(JsonNode::asText).filter(s -> s.startsWith("ok")).findFirst().orElse(null));
        assertEquals("ok: the 4 tokens match totalSupply and tokenByIndex", ok);

        AtlasClient.Answer answer = api.post("/api/v1/collections",
                "{\"chainId\":31337,\"address\":\"" + partial + "\",\"fromBlock\":" + (later + 1) + "}");
        String url = answer.location();
        String check = Waits.until(Duration.ofSeconds(30), "the mismatch", () -> {
            JsonNode c = api.get(url).body();
            return c.hasNonNull("supplyCheck") ? c.get("supplyCheck").asText() : null;
        });
        assertEquals("mismatch: the contract lists 5 tokens, the logs gave 1; missing 1, 2, 3, 4", check);
    }

    @Test
    void logWindowsShrinkWhenTheProviderRefusesLargeRanges() {
        try (ChainWriter writer = new ChainWriter(capped.rpcUrl(), CAPPED_CHAIN)) {
            String address = writer.deployCollection("Capped", "CAP");
            for (int i = 1; i <= 12; i++) {
                writer.mint(address, DemoCollection.prepare(i, 26, ipfs, http).tokenUri());
            }
            AtlasClient.Answer answer = api.register(CAPPED_CHAIN, address);
            assertEquals(202, answer.status(), () -> "register: " + answer.body());
            Waits.until(Duration.ofSeconds(60), "12 tokens discovered behind the cap", () -> {
                JsonNode c = api.get(answer.location()).body();
                long known = 0;
                for (JsonNode n : c.get("tokens")) {
                    known += n.asLong();
                }
                return known == 12 && "FOLLOWING".equals(c.get("status").asText()) ? true : null;
            });
            assertTrue(proxy.refused() > 0, "the proxy refused some log queries");
        }
    }

    static long anvilBlock() {
        try {
            return chain.web3j().ethBlockNumber().send().getBlockNumber().longValueExact();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
