package io.tokenatlas.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecomputePolicyTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final java.util.function.IntSupplier IDLE = () -> 0;
    private final RecomputePolicy policy = new RecomputePolicy(Duration.ofHours(1), 50, 0.1);

    @Test
    void firstLayoutAsSoonAsThereAreVectors() {
        assertEquals(Optional.empty(), policy.due(Optional.empty(), 1, () -> 0, drift(0, 0), IDLE, NOW));
        assertEquals(Optional.of("first layout"), policy.due(Optional.empty(), 1, () -> 1, drift(0, 0), IDLE, NOW));
    }

    @Test
    void recomputesWhenEnoughTokensChangedOrTheModelChanged() {
        Optional<LayoutVersion> v = Optional.of(version(1, 1000, NOW.minusSeconds(60)));
        assertEquals(Optional.empty(), policy.due(v, 1, () -> 1040, drift(40, 0), IDLE, NOW), "40 < 50");
        assertEquals(Optional.empty(), policy.due(v, 1, () -> 1090, drift(90, 0), IDLE, NOW), "90 < 10% of 1000");
        assertEquals(Optional.of("100 tokens changed"), policy.due(v, 1, () -> 1080, drift(80, 20), IDLE, NOW));
        assertEquals(Optional.of("model changed"), policy.due(v, 2, () -> 1000, drift(0, 0), IDLE, NOW));
    }

    @Test
    void aSmallMapIsRecomputedOnceNewTokensOutnumberItsOwn() {
        Optional<LayoutVersion> v = Optional.of(version(1, 13, NOW.minusSeconds(60)));
        assertEquals(Optional.of("47 tokens changed"), policy.due(v, 1, () -> 60, drift(47, 0), IDLE, NOW));
        assertEquals(Optional.empty(), policy.due(v, 1, () -> 25, drift(12, 0), IDLE, NOW), "12 < 13 and < 50");
    }

    @Test
    void doesNotCountTheVectorsWhenNothingChanged() {
        Optional<LayoutVersion> v = Optional.of(version(1, 1000, NOW.minusSeconds(60)));
        assertEquals(Optional.empty(), policy.due(v, 1, () -> {
            throw new AssertionError("the vectors were counted");
        }, drift(0, 0), IDLE, NOW));
        assertEquals(Optional.empty(), policy.due(v, 2, () -> 0, drift(0, 0), IDLE, NOW), "no vectors of the new model yet");
    }

    @Test
    void whileABackfillBringsTokensTheMapIsRecomputedAsTheCollectionDoubles() {
        Optional<LayoutVersion> v = Optional.of(version(1, 1000, NOW.minusSeconds(60)));
        assertEquals(Optional.empty(), policy.due(v, 1, () -> 1500, drift(500, 0), () -> 8000, NOW), "half again, 8000 to come");
        assertEquals(Optional.of("1000 tokens changed"), policy.due(v, 1, () -> 2000, drift(1000, 0), () -> 7000, NOW));
        assertEquals(Optional.of("500 tokens changed"), policy.due(v, 1, () -> 1500, drift(500, 0), () -> 49, NOW),
                "a handful of stragglers do not hold the map back");
        assertEquals(Optional.empty(), policy.due(v, 1, () -> 1040, drift(40, 0), () -> {
            throw new AssertionError("the pipeline was counted although too little changed");
        }, NOW));
    }

    @Test
    void theLastStragglersOfABackfillGetAMapOnceTheyHaveAllArrived() {
        // Version 4 of a 300-token drop was computed while 15 tokens were still on their way.
        LayoutVersion during = new LayoutVersion(1, 1, 4, 1, "m", 285, Grid.forCount(285),
                "{\"reason\":\"43 tokens changed\",\"tokens\":285,\"pendingTokens\": 15}", 0, NOW, NOW);
        assertEquals(15, during.pendingAtInputs());
        assertEquals(Optional.empty(), policy.due(Optional.of(during), 1, () -> 297, drift(12, 0), () -> 3, NOW),
                "3 still to come");
        assertEquals(Optional.of("the backfill's last 15 tokens arrived"),
                policy.due(Optional.of(during), 1, () -> 300, drift(15, 0), IDLE, NOW));
        // A map computed with nothing pending is not recomputed for a new mint or two.
        LayoutVersion settled = new LayoutVersion(1, 1, 5, 1, "m", 300, Grid.forCount(300),
                "{\"pendingTokens\":0}", 0, NOW, NOW);
        assertEquals(Optional.empty(), policy.due(Optional.of(settled), 1, () -> 302, drift(2, 0), IDLE, NOW));
        assertEquals(0, version(1, 10, NOW).pendingAtInputs(), "versions that did not count");
    }

    @Test
    void recomputesOnScheduleOnlyWhenSomethingChanged() {
        Optional<LayoutVersion> old = Optional.of(version(1, 1000, NOW.minus(Duration.ofHours(2))));
        assertEquals(Optional.empty(), policy.due(old, 1, () -> 1000, drift(0, 0), IDLE, NOW));
        assertEquals(Optional.of("schedule"), policy.due(old, 1, () -> 1001, drift(1, 0), IDLE, NOW));
    }

    private static LayoutVersions.Drift drift(int arrived, int left) {
        return new LayoutVersions.Drift(arrived, left);
    }

    private static LayoutVersion version(int model, int tokens, Instant at) {
        return new LayoutVersion(1, 1, 1, model, "m", tokens, Grid.forCount(tokens), "{}", 0, at, at);
    }
}
