package io.tokenatlas.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The freshness row of scripts/bench: seconds from a mint's receipt to the token being answered by
 * /similar and placed on /map, for tokens minted one at a time into an indexed collection.
 */
final class FreshnessBench {
    static final int COLLECTION = 24;

    private FreshnessBench() {}

    static Bench.Row row(int mints, Path logs) {
        try (Anvil anvil = Anvil.start(0, logs.resolve("anvil-fresh.log"));
             StaticServer http = new StaticServer();
             ChainWriter chain = new ChainWriter(anvil.rpcUrl())) {
            String address = chain.deployCollection("Fresh", "FRESH");
            List<String> uris = new ArrayList<>();
            for (int i = 1; i <= COLLECTION; i++) {
                uris.add(DemoCollection.prepareOnHttp(i, 21, http).tokenUri());
            }
            chain.mintBatch(address, uris);
            TestDatabase.reset(TestDatabase.NAME);
            Map<String, String> config = DaemonProcess.config(TestDatabase.NAME, anvil.rpcUrl(), "http://127.0.0.1:9");
            config.put("atlas.chains.\"31337\".ws-url", "ws://127.0.0.1:" + anvil.port());
            try (DaemonProcess daemon = DaemonProcess.start(config, logs.resolve("daemon-fresh.log"), 0)) {
                AtlasClient api = new AtlasClient(daemon.url());
                String url = api.register(Anvil.CHAIN_ID, address).location();
                String path = url.substring(url.indexOf("/api/"));
                Waits.until(Duration.ofSeconds(120), "the collection embedded", () ->
                        api.get(path).body().get("tokens").get("embedded").asLong() == COLLECTION ? true : null);
                List<Double> seconds = new ArrayList<>();
                for (int m = 1; m <= mints; m++) {
                    int id = COLLECTION + m;
                    String uri = DemoCollection.prepareOnHttp(id, 21, http).tokenUri();
                    chain.mint(address, uri);
                    long minted = System.nanoTime();
                    String tokenId = Integer.toString(id);
                    boolean similar = false;
                    boolean mapped = false;
                    while (!(similar && mapped)) {
                        if (System.nanoTime() - minted > Duration.ofSeconds(60).toNanos()) {
                            throw new IllegalStateException("token " + id + " did not reach /similar and /map in 60 s");
                        }
                        similar = similar || contains(api.get(path + "/tokens/1/similar?k=200").body(), "results", tokenId);
                        mapped = mapped || contains(api.get(path + "/map").body(), "points", tokenId);
                        Waits.sleep(50);
                    }
                    seconds.add((System.nanoTime() - minted) / 1e9);
                }
                seconds.sort(Double::compare);
                double median = seconds.get(seconds.size() / 2);
                double worst = seconds.getLast();
                return new Bench.Row("Freshness: confirmed mint to /similar and /map, " + mints + " mints",
                        String.format("median %.1f s, worst %.1f s", median, worst), "5 s (the goal)", median / 5,
                        "<= 1.00", worst <= 5, "one mint at a time into an indexed " + COLLECTION + "-token collection;"
                        + " new heads over WebSocket, 0 confirmations; metadata and image on a local HTTP server;"
                        + " in one process each stage wakes the next; the first polls every 1 s (atlas.worker.poll-interval)");
            }
        }
    }

    private static boolean contains(JsonNode body, String field, String tokenId) {
        if (body == null || body.get(field) == null) {
            return false;
        }
        for (JsonNode n : body.get(field)) {
            if (tokenId.equals(n.get("tokenId").asText())) {
                return true;
            }
        }
        return false;
    }
}
