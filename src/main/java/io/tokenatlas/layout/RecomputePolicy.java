package io.tokenatlas.layout;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.IntSupplier;

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
     * @param current      the current version, if any
     * @param servingModel the model whose vectors answer for the collection now
     * @param embedded     counts the tokens with a vector of that model (asked only when it decides)
     * @param drift        how many tokens arrived and left since the current version
     * @param pending      counts the collection's tokens still on their way through the pipeline
     *                     (asked only when enough changed for a recompute)
     * @return the reason a recompute is due, or empty
     */
    public Optional<String> due(Optional<LayoutVersion> current, int servingModel, IntSupplier embedded,
            LayoutVersions.Drift drift, IntSupplier pending, Instant now) {
        if (current.isEmpty()) {
            return embedded.getAsInt() == 0 ? Optional.empty() : Optional.of("first layout");
        }
        LayoutVersion v = current.get();
        int changed = drift.total();
        boolean modelChanged = v.modelId() != servingModel;
        if (!modelChanged && changed == 0 || embedded.getAsInt() == 0) {
            return Optional.empty();
        }
        if (modelChanged) {
            return Optional.of("model changed");
        }
        // On a small map, tokens that outnumber the ones it holds are enough too (a first version
        // made from the first few tokens of a backfill is not left mostly provisional).
        boolean enough = changed >= minNewTokens || changed >= v.tokenCount();
        if (enough && changed >= newTokenShare * v.tokenCount()) {
            // While a backfill still brings tokens (more than a handful of stragglers), the map is
            // recomputed each time the collection doubles, so the recomputes of a whole ingest cost
            // about two of the final one instead of one every tenth; new tokens are placed on the
            // current map meanwhile, and the map is recomputed once they have all arrived.
            if (changed < v.tokenCount() && pending.getAsInt() >= minNewTokens) {
                return Optional.empty();
            }
            return Optional.of(changed + " tokens changed");
        }
        // A map computed while a backfill still brought tokens is recomputed once its last ones have
        // arrived, however few: else they would stay provisional until the schedule.
        if (changed > 0 && v.pendingAtInputs() > 0 && pending.getAsInt() == 0) {
            return Optional.of("the backfill's last " + changed + " tokens arrived");
        }
        if (!v.createdAt().plus(interval).isAfter(now)) {
            return Optional.of("schedule");
        }
        return Optional.empty();
    }
}
