package io.tokenatlas.media;

import io.tokenatlas.token.StageFailure;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Memory that image decoding may hold at once, shared by every decode in the process (token
 * images and searched pictures): a decode reserves its pixel memory before it allocates any, and
 * waits (a bounded time) while others hold the budget. The budget is a quarter of the heap, so
 * that 16 large images arriving together queue instead of running the heap out.
 */
public final class DecodeBudget {
    private static final DecodeBudget SHARED = new DecodeBudget(Runtime.getRuntime().maxMemory() / 4);
    private static final long UNIT = 1024;

    private final Semaphore kib;
    private final long bytes;

    DecodeBudget(long bytes) {
        this.bytes = Math.max(bytes, 16L << 20);
        this.kib = new Semaphore((int) Math.min(Integer.MAX_VALUE, this.bytes / UNIT), true);
    }

    /** The process-wide budget. */
    public static DecodeBudget shared() {
        return SHARED;
    }

    public long bytes() {
        return bytes;
    }

    /** A reservation of {@code bytes} (at most the whole budget); closing it gives them back. */
    public Reservation reserve(long bytes) {
        // A request larger than the whole budget waits for all of it, so it runs alone.
        int units = (int) Math.min(Math.max(bytes, 0) / UNIT + 1, this.bytes / UNIT);
        try {
            if (!kib.tryAcquire(units, 60, TimeUnit.SECONDS)) {
                throw StageFailure.retryable(StageFailure.BUSY, "image decoding is at its memory budget ("
                        + (this.bytes >> 20) + " MiB held by other images); tried again later", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StageFailure.retryable(StageFailure.BUSY, "interrupted while waiting for image decoding memory", e);
        }
        int held = units;
        return () -> kib.release(held);
    }

    /** Memory held by a decode; closing gives it back. */
    public interface Reservation extends AutoCloseable {
        @Override
        void close();
    }
}
