package io.tokenatlas.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
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
}
