package io.tokenatlas.testkit;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls a condition until it yields a value or the time runs out. */
public final class Waits {
    private Waits() {}

    public static <T> T until(Duration timeout, String what, Supplier<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T value = null;
        while (System.nanoTime() < deadline) {
            value = probe.get();
            if (value != null) {
                return value;
            }
            sleep(250);
        }
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
    }

    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
