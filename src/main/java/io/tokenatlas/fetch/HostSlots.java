package io.tokenatlas.fetch;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Fetches in flight per host (scheme, host and port): a host that answers slowly, or trickles a
 * byte a second, holds at most this many of the stage's slots; a fetch that finds its host's slots
 * taken does not wait for them, it is deferred (the token goes back to the queue for a moment).
 */
final class HostSlots {
    private final int perHost;
    private final Map<String, Semaphore> hosts = new ConcurrentHashMap<>();

    HostSlots(int perHost) {
        this.perHost = Math.max(1, perHost);
    }

    /** A held slot of the URL's host; closing frees it. */
    interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    /** A slot of {@code url}'s host, or a retryable "host busy" failure when all are taken. */
    Slot take(String url) {
        String host = authority(url);
        Semaphore slots = hosts.computeIfAbsent(host, h -> new Semaphore(perHost));
        if (!slots.tryAcquire()) {
            throw new FetchException(FetchException.HOST_BUSY, host + " already has " + perHost
                    + " fetches in flight; this one waits its turn", true, null);
        }
        return slots::release;
    }

    static String authority(String url) {
        try {
            URI uri = URI.create(url);
            String host = uri.getHost() == null ? String.valueOf(uri.getAuthority()) : uri.getHost();
            return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + host.toLowerCase(Locale.ROOT)
                    + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        } catch (RuntimeException e) {
            return url;
        }
    }
}
