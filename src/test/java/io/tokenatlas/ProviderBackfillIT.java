package io.tokenatlas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenatlas.testkit.Anvil;
import io.tokenatlas.testkit.AtlasClient;
import io.tokenatlas.testkit.ProviderHistory;
import io.tokenatlas.testkit.ProviderProxy;
import io.tokenatlas.testkit.RealParts;
import io.tokenatlas.testkit.TestDatabase;
import io.tokenatlas.testkit.Waits;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A backfill through a provider-like proxy in front of anvil (latency, a block-range cap, a result
 * cap, 429s with Retry-After): the daemon reads several windows at once, reads refused ranges in
 * halves, waits out the 429s, and ends with every log of a history shaped like a real drop's (a
 * mint-out, then trades spread over the blocks) in its ledger.
 */
class ProviderBackfillIT {
    @Test
    void aBackfillThroughAProviderWithCapsAnd429sKeepsEveryLog() {
        try (RealParts parts = RealParts.start("provider-backfill")) {
            ProviderHistory.History history = ProviderHistory.build(parts.anvil(), parts.chain(), 300, 900, 400, 7);
            // Each mint block holds 200 logs: a window over two of them is over the result cap.
            ProviderProxy proxy = parts.open(new ProviderProxy(parts.anvil().rpcUrl(),
                    new ProviderProxy.Limits(Duration.ofMillis(30), 10, 300, 15, 1, 100)));
            Map<String, String> config = parts.config();
            config.put("atlas.chains.\"31337\".rpc-urls", proxy.url());
            config.put("atlas.chains.\"31337\".log-window", "10");
            config.put("atlas.worker.enabled", "false");
            AtlasClient api = new AtlasClient(parts.daemon(config).url());

            String url = api.register(Anvil.CHAIN_ID, history.address()).location();
            JsonNode collection = Waits.until(Duration.ofMinutes(3), "the backfill caught up", () -> {
                JsonNode c = api.get(url).body();
                return "FOLLOWING".equals(c.get("status").asText()) ? c : null;
            });
            long id = collection.get("id").asLong();
            assertEquals(List.of(Integer.toString(history.tokens() + history.transfers())),
                    TestDatabase.query(TestDatabase.NAME, "SELECT count(*) FROM transfer_log WHERE collection_id = " + id)
                            .getFirst(), "every mint and trade is in the ledger");
            assertEquals(List.of(Integer.toString(history.tokens())), TestDatabase.query(TestDatabase.NAME,
                    "SELECT count(*) FROM token WHERE collection_id = " + id).getFirst());
            ProviderProxy.Counts counts = proxy.counts();
            System.out.println("provider proxy: " + counts);
            assertTrue(counts.resultsRefused() > 0, "the mint-out windows were over the result cap: " + counts);
            assertTrue(counts.tooMany() > 0, "the proxy answered 429s, which the daemon waited out: " + counts);
            assertTrue(counts.peakInFlight() > 1, "windows were read at once: " + counts);
        }
    }
}
