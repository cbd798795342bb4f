package io.tokenatlas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenatlas.testkit.Anvil;
import io.tokenatlas.testkit.AtlasClient;
import io.tokenatlas.testkit.DaemonProcess;
import io.tokenatlas.testkit.FamilyArt;
import io.tokenatlas.testkit.HostileServer;
import io.tokenatlas.testkit.RealParts;
import io.tokenatlas.testkit.Waits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.abi.datatypes.Utf8String;

/**
 * One host that trickles a byte a second for ten minutes holds only its own share of fetches: a
 * collection whose 16 tokenURIs all point there does not hold up another collection, which is
 * indexed in full while every one of the slow tokens is still being read. That collection's 40
 * tokens sharing one image URL fetch it once. Ordering, not timing: the slow answers cannot finish
 * within the test.
 */
class SlowHostIT {
    static final int SLOW = 16;
    static final int DISTINCT = 10;
    static final int SHARING = 40;

    @Test
    void aTricklingHostHoldsOnlyItsOwnSlotsAndASharedImageIsFetchedOnce() throws Exception {
        try (RealParts parts = RealParts.start("slow-host");
             HostileServer hostile = new HostileServer()) {
            String slow = parts.chain().deploy("HostileCollection", List.of(new Utf8String("Slow"), new Utf8String("SLOW")));
            List<String> slowUris = new ArrayList<>();
            for (int i = 0; i < SLOW; i++) {
                slowUris.add(hostile.url("/trickle-long.json"));
            }
            parts.chain().mintBatch(slow, slowUris);

            String good = parts.chain().deploy("HostileCollection", List.of(new Utf8String("Good"), new Utf8String("GOOD")));
            String shared = parts.http().put("/shared.png", FamilyArt.draw(2, 99).png(), "image/png");
            List<String> goodUris = new ArrayList<>();
            for (int i = 1; i <= DISTINCT + SHARING; i++) {
                String image = i <= DISTINCT ? parts.http().put("/img/" + i + ".png", FamilyArt.draw(i % 6, i).png(), "image/png") : shared;
                goodUris.add(parts.http().put("/meta/" + i + ".json", ("{\"name\":\"good " + i + "\",\"image\":\"" + image + "\"}")
                        .getBytes(StandardCharsets.UTF_8), "application/json"));
            }
            parts.chain().mintBatch(good, goodUris);

            var config = parts.config();
            config.put("atlas.media.read-timeout", "2m");
            config.put("atlas.media.call-timeout", "15m");
            try (DaemonProcess daemon = parts.daemon(config, "daemon.log")) {
                AtlasClient api = new AtlasClient(daemon.url());
                String slowUrl = api.register(Anvil.CHAIN_ID, slow).location();
                Waits.until(Duration.ofMinutes(2), "the slow host is being read", () ->
                        hostile.requestCount("/trickle-long.json") >= 1 ? true : null);
                String goodUrl = api.register(Anvil.CHAIN_ID, good).location();
                Waits.until(Duration.ofMinutes(4), "the other collection embedded", () ->
                        api.get(goodUrl).body().get("tokens").get("embedded").asLong() == DISTINCT + SHARING ? true : null);

                JsonNode slowTokens = api.get(slowUrl).body().get("tokens");
                assertEquals(0, slowTokens.get("failed").asLong() + slowTokens.get("embedded").asLong(),
                        "every slow token is still being read (or waiting its turn): " + slowTokens);
                assertTrue(hostile.requestCount("/trickle-long.json") <= 8,
                        "at most the host's share of fetches went to it: " + hostile.requestCount("/trickle-long.json"));
                assertEquals(1, parts.http().requestCounts().get("/shared.png"), "an image 40 tokens share is fetched once");
            }
        }
    }
}
