package io.tokenatlas.layout;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** When a collection's layout is due for a full recompute, and why. */
public final class RecomputePolicy {
    private final Duration interval;
    private final int minNewTokens;
    private final double newTokenShare;

    public RecomputePolicy(Duration interval, int minNewTokens, double newTokenShare) {
        this.interval = interval;
        this.minNewTokens = minNewTokens;
        this.newTokenShare = newTokenShare;
    }

    /**
     * @param current   the current version, if any
     * @param servingModel the model whose vectors answer for the collection now
     * @param embedded  tokens with a vector of that model
     * @param drift     how many tokens arrived and left since the current version
     * @return the reason a recompute is due, or empty
     */
    public Optional<String> due(Optional<LayoutVersion> current, int servingModel, int embedded,
            LayoutRepository.Drift drift, Instant now) {
        if (embedded == 0) {
            return Optional.empty();
        }
        if (current.isEmpty()) {
            return Optional.of("first layout");
        }
        LayoutVersion v = current.get();
        if (v.modelId() != servingModel) {
            return Optional.of("model changed");
        }
        int changed = drift.total();
        if (changed == 0) {
            return Optional.empty();
        }
        if (changed >= minNewTokens && changed >= newTokenShare * v.tokenCount()) {
            return Optional.of(changed + " tokens changed");
        }
        if (!v.createdAt().plus(interval).isAfter(now)) {
            return Optional.of("schedule");
        }
        return Optional.empty();
    }
}
