package io.tokenatlas.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    private static final long NOW = ZonedDateTime.of(2026, 12, 5, 12, 0, 0, 0, ZoneOffset.UTC).toInstant().toEpochMilli();

    @Test
    void secondsAreTakenAsTheyAreUpToTheCap() {
        assertEquals(2_000, RetryAfter.waitMillis("2", NOW));
        assertEquals(0, RetryAfter.waitMillis("0", NOW));
        assertEquals(10_000, RetryAfter.waitMillis("3600", NOW), "an hour is capped: the call's timeout decides");
        assertEquals(10_000, RetryAfter.waitMillis("99999999999999999999", NOW));
    }

    @Test
    void anHttpDateIsTheTimeLeftUntilThen() {
        String in3s = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.of(2026, 12, 5, 12, 0, 3, 0, ZoneOffset.UTC));
        assertEquals(3_000, RetryAfter.waitMillis(in3s, NOW));
        String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.of(2026, 12, 5, 11, 0, 0, 0, ZoneOffset.UTC));
        assertEquals(0, RetryAfter.waitMillis(past, NOW));
    }

    @Test
    void noneOrUnreadableWaitsASecond() {
        assertEquals(1_000, RetryAfter.waitMillis(null, NOW));
        assertEquals(1_000, RetryAfter.waitMillis(" ", NOW));
        assertEquals(1_000, RetryAfter.waitMillis("soon", NOW));
        assertEquals(0, RetryAfter.waitMillis("-5", NOW));
    }
}
