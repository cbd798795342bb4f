package io.tokenatlas.token;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

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
}
