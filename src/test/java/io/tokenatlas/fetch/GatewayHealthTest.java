package io.tokenatlas.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayHealthTest {
    @Test
    void gatewaysStartInTheirConfiguredOrder() {
        GatewayHealth health = new GatewayHealth(List.of("a", "b", "c"));
        assertEquals(List.of("a", "b", "c"), health.ordered());
    }

    @Test
    void aFailingGatewaySinksBelowTheOthersAndComesBackAfterGoodAnswers() {
        GatewayHealth health = new GatewayHealth(List.of("a", "b"));
        health.failed("a");
        assertEquals(List.of("b", "a"), health.ordered());
        for (int i = 0; i < 10; i++) {
            health.ok("a", 5);
        }
        assertEquals(List.of("a", "b"), health.ordered());
    }

    @Test
    void aLieCostsMoreThanAnOutage() {
        GatewayHealth health = new GatewayHealth(List.of("liar", "down", "good"));
        health.mismatched("liar");
        health.failed("down");
        assertEquals(List.of("good", "down", "liar"), health.ordered());
        GatewayHealth.Score liar = health.scores().getFirst();
        assertEquals(1, liar.mismatched());
        assertTrue(liar.score() < 0.6, "score " + liar.score());
    }

    @Test
    void meanLatencyIsOverGoodAnswers() {
        GatewayHealth health = new GatewayHealth(List.of("a"));
        health.ok("a", 10);
        health.ok("a", 30);
        health.failed("a");
        GatewayHealth.Score a = health.scores().getFirst();
        assertEquals(20.0, a.meanMillis());
        assertEquals(2, a.ok());
        assertEquals(1, a.failed());
    }
}
