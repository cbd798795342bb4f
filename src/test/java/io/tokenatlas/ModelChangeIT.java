package io.tokenatlas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenatlas.testkit.Anvil;
import io.tokenatlas.testkit.AtlasClient;
import io.tokenatlas.testkit.DaemonProcess;
import io.tokenatlas.testkit.DemoCollection;
import io.tokenatlas.testkit.RealParts;
import io.tokenatlas.testkit.TestDatabase;
import io.tokenatlas.testkit.Tools;
import io.tokenatlas.testkit.Waits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Changing the configured model: the daemon restarted with the other shared model embeds every
 * token again in the background while /similar keeps answering from the old model's vectors, then
 * switches and removes the old vectors.
 */
class ModelChangeIT {
    static final int TOKENS = 60;
    static final String V2 = "mobilenetv2-imagenet+colour0.35";
    static final String V1 = "mobilenetv1-imagenet+colour0.35";

    @Test
    void queriesKeepTheOldModelUntilTheNewOneCoversTheCollection() throws Exception {
        try (RealParts parts = RealParts.start("model-change")) {
            String address = parts.chain().deployCollection("Switch", "SW");
            List<String> uris = new ArrayList<>();
            for (int i = 1; i <= TOKENS; i++) {
                uris.add(DemoCollection.prepareOnHttp(i, 12, parts.http()).tokenUri());
            }
            parts.chain().mintBatch(address, uris);
            var v2 = DaemonProcess.config(TestDatabase.NAME, parts.anvil().rpcUrl(), parts.http().url());
            String url;
            try (DaemonProcess daemon = parts.daemon(v2, "daemon-v2.log")) {
                AtlasClient api = new AtlasClient(daemon.url());
                url = api.register(Anvil.CHAIN_ID, address).location();
                Waits.until(Duration.ofSeconds(90), "all embedded with MobileNetV2", () ->
                        api.get(url).body().get("tokens").get("embedded").asLong() == TOKENS ? true : null);
                assertEquals(V2, api.get(url).body().get("model").asText());
            }
            var v1 = DaemonProcess.config(TestDatabase.NAME, parts.anvil().rpcUrl(), parts.http().url());
            v1.put("atlas.embedding.model-path", Tools.model(Tools.MOBILENET_V1).toString());
            v1.put("atlas.embedding.model-name", "mobilenetv1-imagenet");
            v1.put("atlas.embedding.dimension", "1024");
            v1.remove("atlas.embedding.label-output");
            v1.remove("atlas.embedding.labels-path");
            v1.put("atlas.embedding.batch-size", "2");
            // With its workers off the new-model daemon has not re-embedded anything yet: the old
            // vectors answer, and the collection shows the re-embedding waiting.
            var idle = new java.util.HashMap<>(v1);
            idle.put("atlas.worker.enabled", "false");
            try (DaemonProcess daemon = parts.daemon(idle, "daemon-v1-idle.log")) {
                AtlasClient api = new AtlasClient(daemon.url());
                String path = url.substring(url.indexOf("/api/"));
                JsonNode similar = api.get(path + "/tokens/1/similar?k=5").body();
                assertEquals(V2, similar.get("model").asText(), "the old model answers before the switch");
                assertEquals(5, similar.get("results").size());
                JsonNode collection = api.get(path).body();
                assertEquals(V1, collection.at("/reembedding/model").asText(),
                        "the collection shows the re-embedding under way: " + collection);
            }
            try (DaemonProcess daemon = parts.daemon(v1, "daemon-v1.log")) {
                AtlasClient api = new AtlasClient(daemon.url());
                String path = url.substring(url.indexOf("/api/"));
                Set<String> seen = new LinkedHashSet<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (!seen.contains(V1) && System.nanoTime() < deadline) {
                    JsonNode similar = api.get(path + "/tokens/1/similar?k=5").body();
                    assertEquals(5, similar.get("results").size(), "always a full answer: " + similar);
                    seen.add(similar.get("model").asText());
                    Thread.sleep(100);
                }
                // The switch can come before the first answer (60 tokens re-embed in about 2 s).
                List<String> order = new ArrayList<>(seen);
                assertTrue(order.equals(List.of(V2, V1)) || order.equals(List.of(V1)),
                        "the old model answered until the switch, then the new one: " + order);
                assertEquals(V1, api.get(path).body().get("model").asText());
                assertEquals(List.of(List.of(V1, Integer.toString(TOKENS))), TestDatabase.query(
                        TestDatabase.NAME, "SELECT m.name, count(*) FROM embedding e JOIN model m ON m.id = e.model_id"
                                + " GROUP BY m.name"), "only the new model's vectors are left");
            }
        }
    }
}
