package io.tokenatlas.chain;

import java.time.Instant;
import java.util.List;

/** What the daemon knows of a chain's nodes: the head, the URL in use, recent errors. */
public record ChainStatus(
        long chainId,
        Long head,
        Instant headSeenAt,
        String urlInUse,
        boolean webSocketConnected,
        List<Endpoint> endpoints,
        List<RecentError> recentErrors) {

    public record Endpoint(String url, boolean healthy, int failuresInARow, String lastError, Instant lastSuccess) {}

    public record RecentError(Instant at, String url, String message) {}

    /** True when the last call to every endpoint failed and nothing succeeded in the last {@code seconds}. */
    public boolean unreachableFor(long seconds) {
        Instant cutoff = Instant.now().minusSeconds(seconds);
        return endpoints.stream().noneMatch(e -> e.healthy() || (e.lastSuccess() != null && e.lastSuccess().isAfter(cutoff)));
    }
}
