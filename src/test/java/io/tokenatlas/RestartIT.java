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
import io.tokenatlas.testkit.Waits;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A daemon killed (SIGKILL) in the middle of indexing resumes from the database when started again. */
class RestartIT {
    static final int TOKENS = 150;

    @Test
    void everyTokenEndsEmbeddedExactlyOnceAcrossACrash() {
        try (RealParts parts = RealParts.start("restart")) {
            DemoCollection collection = DemoCollection.publish(parts.chain(), parts.ipfs(), parts.http(), TOKENS, 11, i -> { });
            Map<String, String> config = parts.config();
            // Small batches make indexing slow enough to crash in the middle; a short lease lets the
            // restarted daemon take over the dead one's claimed tokens quickly.
            config.put("atlas.worker.in-flight", "2");
            config.put("atlas.embedding.batch-size", "2");
            config.put("atlas.worker.lease", "5s");
            try (DaemonProcess daemon = parts.daemon(config, "daemon.log")) {
                AtlasClient api = new AtlasClient(daemon.url());
                String url = api.register(Anvil.CHAIN_ID, collection.address()).location();

                long embeddedAtCrash = Waits.until(Duration.ofMinutes(3), "some tokens embedded", () -> {
                    long n = api.get(url).body().get("tokens").get("embedded").asLong();
                    return n >= 10 ? n : null;
                });
                daemon.kill();
                long embeddedAfterCrash = Long.parseLong(TestDatabase.query(TestDatabase.NAME,
                        "SELECT count(*) FROM token WHERE state = 'EMBEDDED'").getFirst().getFirst());
                System.out.printf("killed the daemon with %d of %d tokens embedded%n", embeddedAfterCrash, TOKENS);
                assertTrue(embeddedAtCrash < TOKENS && embeddedAfterCrash < TOKENS,
                        "the crash must come in the middle of indexing, but " + embeddedAfterCrash + " were done");

                daemon.start();
                JsonNode done = Waits.until(Duration.ofMinutes(3), "all tokens embedded after the restart", () -> {
                    JsonNode c = api.get(url).body();
                    return c.get("tokens").get("embedded").asLong() == TOKENS ? c : null;
                });
                assertEquals(0, done.get("tokens").get("failed").asLong());
            }
            List<List<String>> counts = TestDatabase.query(TestDatabase.NAME, """
                    SELECT (SELECT count(*) FROM token),
                           (SELECT count(*) FROM token WHERE embed_count = 1 AND state = 'EMBEDDED'),
                           (SELECT count(*) FROM embedding),
                           (SELECT count(DISTINCT token_id) FROM embedding)
                    """);
            assertEquals(List.of("150", "150", "150", "150"), counts.getFirst(),
                    "tokens, tokens embedded exactly once, vectors, tokens with a vector");
        }
    }
}
