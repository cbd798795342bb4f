package io.tokenatlas.fetch;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * URLs fetched lately, so that tokens sharing one URL (fifty tokens with the same image) fetch it
 * once: fetches of the same URL at the same limit in flight together share one, and a result is
 * kept for a while within a byte budget (least recently used out). Failures are not kept.
 */
final class RecentFetches {
    private final long maxBytes;
    private final long ttlNanos;
    private final Map<String, CompletableFuture<Fetched>> inFlight = new ConcurrentHashMap<>();
    private final LinkedHashMap<String, Kept> kept = new LinkedHashMap<>(16, 0.75f, true);
    private long keptBytes;

    private record Kept(Fetched fetched, long at) {}

    RecentFetches(long maxBytes, Duration ttl) {
        this.maxBytes = maxBytes;
        this.ttlNanos = ttl.toNanos();
    }

    /** What {@code fetch} gives for {@code url} at {@code limit}, fetched at most once while in flight or kept. */
    Fetched get(String url, long limit, Supplier<Fetched> fetch) {
        String key = limit + " " + url;
        Fetched recent = recent(key);
        if (recent != null) {
            return recent;
        }
        CompletableFuture<Fetched> mine = new CompletableFuture<>();
        CompletableFuture<Fetched> shared = inFlight.putIfAbsent(key, mine);
        if (shared != null) {
            try {
                return shared.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FetchException(FetchException.TIMEOUT, "interrupted while waiting for " + url, true, e);
            }
        }
        try {
            Fetched fetched = fetch.get();
            keep(key, fetched);
            mine.complete(fetched);
            return fetched;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    private synchronized Fetched recent(String key) {
        Kept k = kept.get(key);
        if (k == null) {
            return null;
        }
        if (System.nanoTime() - k.at() > ttlNanos) {
            kept.remove(key);
            keptBytes -= k.fetched().bytes().length;
            return null;
        }
        return k.fetched();
    }

    private synchronized void keep(String key, Fetched fetched) {
        long size = fetched.bytes().length;
        if (size > maxBytes / 4) {
            return;
        }
        Kept old = kept.put(key, new Kept(fetched, System.nanoTime()));
        keptBytes += size - (old == null ? 0 : old.fetched().bytes().length);
        Iterator<Kept> eldest = kept.values().iterator();
        while (keptBytes > maxBytes && eldest.hasNext()) {
            keptBytes -= eldest.next().fetched().bytes().length;
            eldest.remove();
        }
    }
}
