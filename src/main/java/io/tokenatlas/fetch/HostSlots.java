package io.tokenatlas.fetch;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fetches in flight per host (scheme, host and port): a host that answers slowly, or trickles a
 * byte a second, holds at most this many fetches. A fetch that finds its host's slots taken waits
 * in line for one (up to {@code wait}), so the host is kept busy as each answer ends; as many
 * fetches may wait as may run, and the rest are deferred at once (the token goes back to the queue
 * for a moment), so one host never holds more than twice its share of a stage's slots.
 */
final class HostSlots {
    private record Host(Semaphore slots, AtomicInteger waiting) {}

    private final int perHost;
    private final Duration wait;
    private final Map<String, Host> hosts = new ConcurrentHashMap<>();

    HostSlots(int perHost, Duration wait) {
        this.perHost = Math.max(1, perHost);
        this.wait = wait;
    }

    /** A held slot of the URL's host; closing frees it. */
    interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    /** A slot of {@code url}'s host, or a retryable "host busy" failure when none came free in time. */
    Slot take(String url) {
        String name = authority(url);
        Host host = hosts.computeIfAbsent(name, h -> new Host(new Semaphore(perHost, true), new AtomicInteger()));
        if (host.slots().tryAcquire()) {
            return host.slots()::release;
        }
        if (host.waiting().incrementAndGet() <= perHost) {
            try {
                if (host.slots().tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                    return host.slots()::release;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                host.waiting().decrementAndGet();
            }
        } else {
            host.waiting().decrementAndGet();
        }
        throw new FetchException(FetchException.HOST_BUSY, name + " already has " + perHost
                + " fetches in flight; this one waits its turn", true, null);
    }

    /** How many fetches wait in line for {@code url}'s host. */
    int waiting(String url) {
        Host host = hosts.get(authority(url));
        return host == null ? 0 : host.waiting().get();
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
