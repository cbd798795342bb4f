package io.tokenatlas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenatlas.testkit.Anvil;
import io.tokenatlas.testkit.AtlasClient;
import io.tokenatlas.testkit.DaemonProcess;
import io.tokenatlas.testkit.DemoCollection;
import io.tokenatlas.testkit.EventStreamReader;
import io.tokenatlas.testkit.EventStreamReader.SseEvent;
import io.tokenatlas.testkit.RealParts;
import io.tokenatlas.testkit.TestDatabase;
import io.tokenatlas.testkit.Waits;
import io.tokenatlas.testkit.WebhookReceiver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A daemon killed (SIGKILL) in the middle of indexing resumes from the database when started again;
 * its webhook deliveries and event streams resume too, missing nothing.
 */
class RestartIT {
    static final int TOKENS = 150;

    @Test
    void everyTokenEndsEmbeddedExactlyOnceAcrossACrash() throws Exception {
        try (RealParts parts = RealParts.start("restart")) {
            DemoCollection collection = DemoCollection.publish(parts.chain(), parts.ipfs(), parts.http(), TOKENS, 11, i -> { });
            Map<String, String> config = parts.config();
            // Small batches make indexing slow enough to crash in the middle; a short lease lets the
            // restarted daemon take over the dead one's claimed tokens quickly.
            config.put("atlas.worker.in-flight", "2");
            config.put("atlas.embedding.batch-size", "2");
            config.put("atlas.worker.lease", "5s");
            try (DaemonProcess daemon = parts.daemon(config, "daemon.log"); WebhookReceiver receiver = WebhookReceiver.start()) {
                AtlasClient api = new AtlasClient(daemon.url());
                AtlasClient.Answer hook = api.post("/api/v1/webhooks",
                        "{\"url\":\"" + receiver.url() + "\",\"kinds\":[\"token.indexed\"]}");
                assertEquals(201, hook.status(), String.valueOf(hook.body()));
                receiver.secret(hook.body().get("secret").asText());
                // The receiver is down for its first deliveries: they are retried.
                receiver.refuse(3);
                String url = api.register(Anvil.CHAIN_ID, collection.address()).location();
                EventStreamReader stream = EventStreamReader.open(daemon.url() + "/api/v1/events?kind=token.indexed&after=0", null);

                long embeddedAtCrash = Waits.until(Duration.ofMinutes(3), "some tokens embedded", () -> {
                    long n = api.get(url).body().get("tokens").get("embedded").asLong();
                    return n >= 10 ? n : null;
                });
                daemon.kill();
                List<SseEvent> beforeCrash = stream.take(TOKENS, Duration.ofSeconds(5));
                stream.close();
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

                String resumeAfter = beforeCrash.isEmpty() ? null : beforeCrash.getLast().id();
                try (EventStreamReader resumed = EventStreamReader.open(daemon.url() + "/api/v1/events?kind=token.indexed&after=0",
                        resumeAfter)) {
                    List<SseEvent> afterCrash = resumed.take(TOKENS - beforeCrash.size(), Duration.ofSeconds(30));
                    List<String> streamed = new java.util.ArrayList<>(beforeCrash.stream().map(SseEvent::id).toList());
                    streamed.addAll(afterCrash.stream().map(SseEvent::id).toList());
                    assertEquals(TOKENS, streamed.stream().distinct().count(),
                            "the stream read before the crash and resumed after it with Last-Event-ID gives every token once: "
                                    + beforeCrash.size() + " before, " + afterCrash.size() + " after");
                }

                List<WebhookReceiver.Delivery> accepted = Waits.until(Duration.ofMinutes(2), "every token.indexed delivered", () -> {
                    List<WebhookReceiver.Delivery> got = receiver.accepted();
                    return got.stream().map(WebhookReceiver.Delivery::id).distinct().count() == TOKENS ? got : null;
                });
                List<WebhookReceiver.Delivery> all = receiver.received();
                assertTrue(all.stream().allMatch(WebhookReceiver.Delivery::signed), "every delivery is signed with the secret");
                assertEquals(3, all.stream().filter(d -> !d.accepted()).count(), "the three refused deliveries");
                assertTrue(accepted.size() - TOKENS <= 1, "a delivery is repeated only if it was in flight at the kill: "
                        + (accepted.size() - TOKENS) + " repeated");
                List<Long> order = accepted.stream().map(d -> Long.parseLong(d.id())).toList();
                assertEquals(order.stream().sorted().toList(), order, "deliveries come in the log's order");
                assertEquals(TOKENS, accepted.stream().map(d -> d.body().at("/data/tokenId").asText()).distinct().count());
                JsonNode state = api.get(hook.location()).body();
                assertEquals(204, state.get("lastStatus").asInt(), state.toString());
                assertEquals(0, state.get("failedAttempts").asInt(), state.toString());
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
