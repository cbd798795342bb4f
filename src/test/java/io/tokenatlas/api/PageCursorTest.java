package io.tokenatlas.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageCursorTest {
    @Test
    void aCursorGivesBackItsSortKeyAndSaysNothingReadable() {
        BigInteger big = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
        String cursor = PageCursor.encode("search", 2, 0.8125f, null, 7L, big);
        assertTrue(cursor.matches("[A-Za-z0-9_-]+"), "URL-safe: " + cursor);
        assertFalse(cursor.contains("search"), "opaque: " + cursor);
        assertArrayEquals(new String[] {"2", "0.8125", "", "7", big.toString()}, PageCursor.decode(cursor, "search", 5));
    }

    @Test
    void anotherListsCursorOrGarbageIsRefused() {
        String search = PageCursor.encode("search", 1, 2);
        assertThrows(InvalidInputException.class, () -> PageCursor.decode(search, "duplicates", 2));
        assertThrows(InvalidInputException.class, () -> PageCursor.decode(search, "search", 3));
        assertThrows(InvalidInputException.class, () -> PageCursor.decode("not base64!", "search", 2));
        assertThrows(InvalidInputException.class, () -> PageCursor.decode("", "search", 2));
    }

    @Test
    void aFullPageHasANextCursorThatLeadsAfterItsLastItem() {
        List<Long> full = List.of(4L, 9L, 12L);
        String next = PageCursor.next("watches", full, 3, id -> new Object[] {id});
        assertEquals(12, PageCursor.afterId(next, "watches"));
        assertNull(PageCursor.next("watches", full, 4, id -> new Object[] {id}), "a short page is the last");
        assertNull(PageCursor.next("watches", List.<Long>of(), 3, id -> new Object[] {id}));
        assertEquals(0, PageCursor.afterId(null, "watches"), "no cursor: from the start");
        assertEquals(0, PageCursor.afterId(" ", "watches"));
        assertThrows(InvalidInputException.class, () -> PageCursor.afterId(next, "webhooks"));
        String notANumber = PageCursor.encode("watches", "x");
        assertThrows(InvalidInputException.class, () -> PageCursor.afterId(notANumber, "watches"),
                "a cursor whose key does not parse is a 400, not a 500");
    }
}
