package io.tokenatlas.event;

import java.time.Instant;
import java.util.List;

/**
 * A webhook subscription and where its delivery stands: {@code position} is the seq of the last
 * event given to it (or passed over by its filter); {@code lastStatus} the receiver's last answer
 * (null when it gave none), {@code lastError} why the last attempt failed.
 */
public record Webhook(long id, String url, List<String> kinds, List<Long> collections, String secret, long position,
        long delivered, int attempts, Instant nextAttemptAt, Instant failingSince, Integer lastStatus,
        String lastError, Instant lastAttemptAt, Instant createdAt) {

    public EventFilter filter() {
        return new EventFilter(java.util.Set.copyOf(kinds), java.util.Set.copyOf(collections));
    }
}
