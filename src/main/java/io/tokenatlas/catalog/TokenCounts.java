package io.tokenatlas.catalog;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.tokenatlas.token.TokenState;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Gauges of how many live tokens wait in each state, over all collections, refreshed every 15 s. */
@ApplicationScoped
public class TokenCounts {
    private final TokenReadRepository tokens;
    private final Map<TokenState, AtomicLong> depths = new EnumMap<>(TokenState.class);

    public TokenCounts(TokenReadRepository tokens, MeterRegistry meters) {
        this.tokens = tokens;
        for (TokenState state : TokenState.values()) {
            AtomicLong depth = new AtomicLong();
            depths.put(state, depth);
            Gauge.builder("atlas.tokens", depth, AtomicLong::get)
                    .tag("state", state.name().toLowerCase())
                    .description("live tokens in each pipeline state")
                    .register(meters);
        }
    }

    @Scheduled(every = "15s", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void refresh() {
        tokens.countsByState(null).forEach((state, n) -> depths.get(state).set(n));
    }
}
