package io.tokenatlas.layout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SheetCacheTest {
    @Test
    void aKeptSheetIsNotRenderedAgain() {
        SheetCache cache = new SheetCache();
        AtomicInteger renders = new AtomicInteger();
        byte[] first = cache.get("1/tag/0", () -> new byte[] {(byte) renders.incrementAndGet()});
        byte[] again = cache.get("1/tag/0", () -> new byte[] {(byte) renders.incrementAndGet()});
        assertArrayEquals(first, again);
        assertEquals(1, renders.get());
    }

    @Test
    void theLeastRecentlyUsedGoOutBeyondTheBudget() {
        SheetCache cache = new SheetCache();
        int size = (int) (SheetCache.BUDGET / 5);
        for (int i = 0; i < 5; i++) {
            cache.get("sheet " + i, () -> new byte[size]);
        }
        cache.get("sheet 0", () -> new byte[size]); // used again: the oldest is now sheet 1
        cache.get("sheet 5", () -> new byte[size]);
        assertEquals(5, cache.size());
        AtomicInteger renders = new AtomicInteger();
        cache.get("sheet 0", () -> new byte[renders.incrementAndGet()]);
        assertEquals(0, renders.get(), "sheet 0 was kept");
        cache.get("sheet 1", () -> new byte[renders.incrementAndGet()]);
        assertEquals(1, renders.get(), "sheet 1 went out");
    }
}
