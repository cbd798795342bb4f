package io.tokenatlas.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A host's fetches: its share runs, as many wait in line and take a slot as one frees, the rest are deferred. */
class HostSlotsTest {
    private static final String A = "https://a.example/meta/1";
    private static final java.util.concurrent.Executor THREADS = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

    @Test
    void aFetchWaitsInLineAndTakesTheSlotThatFrees() throws Exception {
        HostSlots slots = new HostSlots(2, Duration.ofMinutes(5));
        HostSlots.Slot first = slots.take(A);
        HostSlots.Slot second = slots.take("https://a.example/image/1");
        CompletableFuture<HostSlots.Slot> third = CompletableFuture.supplyAsync(() -> slots.take(A), THREADS);
        CompletableFuture<HostSlots.Slot> fourth = CompletableFuture.supplyAsync(() -> slots.take(A), THREADS);
        awaitWaiting(slots, 2);
        FetchException busy = assertThrows(FetchException.class, () -> slots.take(A), "the line is as long as the share");
        assertEquals(FetchException.HOST_BUSY, busy.code());
        slots.take("https://b.example/1").close(); // another host is not held up
        first.close();
        second.close();
        third.get(1, TimeUnit.MINUTES).close();
        fourth.get(1, TimeUnit.MINUTES).close();
        assertEquals(0, slots.waiting(A));
    }

    @Test
    void aFetchThatWaitedItsTimeIsDeferred() {
        HostSlots slots = new HostSlots(1, Duration.ofMillis(50));
        try (HostSlots.Slot held = slots.take(A)) {
            FetchException busy = assertThrows(FetchException.class, () -> slots.take(A));
            assertEquals(FetchException.HOST_BUSY, busy.code());
            assertEquals(0, slots.waiting(A));
        }
        slots.take(A).close();
    }

    private static void awaitWaiting(HostSlots slots, int n) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (slots.waiting(A) < n && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertEquals(n, slots.waiting(A));
    }
}
