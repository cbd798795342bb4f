package io.tokenatlas.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The pure parts of recording a failure: the retry delay and the stored reason. */
class RetryDelayTest {
    @Test
    void theDelayDoublesUpToTheCap() {
        Duration first = Duration.ofSeconds(2);
        Duration cap = Duration.ofMinutes(1);
        assertEquals(Duration.ofSeconds(2), TokenQueue.retryDelay(first, cap, 1));
        assertEquals(Duration.ofSeconds(4), TokenQueue.retryDelay(first, cap, 2));
        assertEquals(Duration.ofSeconds(32), TokenQueue.retryDelay(first, cap, 5));
        assertEquals(cap, TokenQueue.retryDelay(first, cap, 6));
        assertEquals(cap, TokenQueue.retryDelay(first, cap, 60));
    }

    @Test
    void reasonsLoseTheirControlBytesAndLength() {
        assertEquals("reverted: custom error 0x77c4dffa: \\x00\\x00\\x0f",
                TokenQueue.printable("reverted: custom error 0x77c4dffa: \u0000\u0000\u000f"));
        assertEquals(2000, TokenQueue.printable("x".repeat(5000)).length());
        String longUrl = TokenQueue.printable("GET http://host/" + "a".repeat(1_000_000) + " answered HTTP 404");
        assertEquals(2000, longUrl.length());
        assertTrue(longUrl.startsWith("GET http://host/aaa") && longUrl.endsWith("aaa answered HTTP 404"),
                "the reason after a megabyte of URL survives: " + longUrl.substring(1990));
        assertEquals("caf\u00e9 \u2603", TokenQueue.printable("caf\u00e9 \u2603"));
    }
}
