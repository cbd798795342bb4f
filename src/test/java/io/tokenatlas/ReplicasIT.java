package io.tokenatlas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenatlas.testkit.Anvil;
import io.tokenatlas.testkit.AtlasClient;
import io.tokenatlas.testkit.DaemonProcess;
import io.tokenatlas.testkit.DemoCollection;
import io.tokenatlas.testkit.RealParts;
import io.tokenatlas.testkit.TestDatabase;
import io.tokenatlas.testkit.Waits;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Three daemon processes on one database index a collection: the work queue hands each token to
 * one of them (the HTTP server counts every fetch, the database every embedding), and when one is
 * killed with SIGKILL midway the other two finish its work.
 */
class ReplicasIT {
    @Test
    void threeReplicasShareTheWorkAndSurviveTheLossOfOne() throws Exception {
        List<DaemonProcess> replicas = new ArrayList<>();
        try (RealParts parts = RealParts.start("replicas")) {
            Map<String, String> config = parts.config();
            // Long enough for a cold first round of three JVMs on two cores; a killed replica's tokens return after it.
            config.put("atlas.worker.lease", "10s");
            config.put("atlas.worker.in-flight", "4");
            config.put("atlas.embedding.batch-size", "4");
            for (int i = 1; i <= 3; i++) {
                replicas.add(parts.daemon(config, "daemon-" + i + ".log"));
            }
            AtlasClient first = new AtlasClient(replicas.get(0).url());

            DemoCollection shared = DemoCollection.publish(parts.chain(), parts.ipfs(), parts.http(), 90, 41, i -> { }, true);
            String url = first.register(Anvil.CHAIN_ID, shared.address()).location();
            awaitEmbedded(first, url, 90);
            Map<String, Integer> fetches = parts.http().requestCounts();
            assertEquals(180, fetches.size(), "every metadata document and image was fetched");
            assertTrue(fetches.values().stream().allMatch(n -> n == 1), "no document or image fetched twice: " + fetches);
            assertEquals(List.of("0"), TestDatabase.query(TestDatabase.NAME,
                    "SELECT count(*) FROM token WHERE embed_count <> 1").getFirst(), "every token embedded once");
            long workers = Long.parseLong(TestDatabase.query(TestDatabase.NAME,
                    "SELECT count(DISTINCT embedded_by) FROM token").getFirst().getFirst());
            System.out.println("replicas that embedded tokens of the first collection: " + workers);
            assertTrue(workers >= 2, "the work was shared, " + workers + " replica(s) embedded");

            // Layouts: one replica at a time recomputes a collection, so no version repeats another's work.
            LayoutIT.awaitMap(first, url, 90);
            List<List<String>> versions = TestDatabase.query(TestDatabase.NAME,
                    "SELECT version, token_count FROM layout_version WHERE collection_id = 1 ORDER BY version");
            for (int i = 1; i < versions.size(); i++) {
                assertTrue(Integer.parseInt(versions.get(i).get(1)) > Integer.parseInt(versions.get(i - 1).get(1)),
                        "each layout version has more tokens than the one before: " + versions);
            }
            for (DaemonProcess replica : replicas) {
                assertFalse(Files.readString(replica.log()).contains("layout recompute failed"),
                        "no replica's recompute collided with another's");
            }

            DemoCollection second = DemoCollection.publish(parts.chain(), parts.ipfs(), parts.http(), 120, 42, i -> { }, true);
            String url2 = first.register(Anvil.CHAIN_ID, second.address()).location();
            Waits.until(Duration.ofMinutes(2), "indexing under way", () ->
                    first.get(url2).body().get("tokens").get("embedded").asLong() >= 10 ? true : null);
            replicas.get(2).kill();
            awaitEmbedded(first, url2, 120, replicas);
            List<String> counts = TestDatabase.query(TestDatabase.NAME, """
                    SELECT (SELECT count(*) FROM token t JOIN collection c ON c.id = t.collection_id
                             WHERE c.id = 2 AND t.state = 'EMBEDDED' AND t.embed_count = 1),
                           (SELECT count(*) FROM embedding WHERE collection_id = 2)
                    """).getFirst();
            assertEquals(List.of("120", "120"), counts, "after the kill: tokens embedded once, vectors");
        } finally {
            replicas.forEach(DaemonProcess::close);
        }
    }

    static void awaitEmbedded(AtlasClient api, String url, int count) {
        awaitEmbedded(api, url, count, List.of());
    }

    /** Waits for {@code count} embedded tokens; on a timeout says where the tokens are and what the replicas last logged. */
    static void awaitEmbedded(AtlasClient api, String url, int count, List<DaemonProcess> replicas) {
        try {
            Waits.until(Duration.ofMinutes(3), count + " tokens embedded", () ->
                    api.get(url).body().get("tokens").get("embedded").asLong() == count ? true : null);
        } catch (AssertionError e) {
            StringBuilder why = new StringBuilder(e.getMessage()).append("; tokens by state and lease: ")
                    .append(TestDatabase.query(TestDatabase.NAME, """
                            SELECT collection_id, state, lease_owner IS NOT NULL, max(attempts), count(*), max(error)
                              FROM token GROUP BY 1, 2, 3 ORDER BY 1, 2
                            """));
            for (DaemonProcess replica : replicas) {
                why.append("\n--- last lines of ").append(replica.log().getFileName()).append('\n')
                        .append(tail(replica.log(), 15));
            }
            throw new AssertionError(why.toString(), e);
        }
    }

    private static String tail(java.nio.file.Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (java.io.IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
