package io.tokenatlas.token;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Wakes the stage that takes tokens in a state when another stage of this process has just moved
 * tokens into it, so that a token does not wait for the next poll at every step. Other replicas
 * still find the work by polling.
 */
@ApplicationScoped
public class StageWakeups {
    private final Map<TokenState, Semaphore> signals = new EnumMap<>(TokenState.class);

    public StageWakeups() {
        for (TokenState state : TokenState.values()) {
            signals.put(state, new Semaphore(0));
        }
    }

    /** Tokens are waiting in {@code state} now. */
    public void wake(TokenState state) {
        Semaphore s = signals.get(state);
        if (s.availablePermits() == 0) {
            s.release();
        }
    }

    /** Waits until tokens are announced in {@code state}, or the timeout; true when woken. */
    public boolean await(TokenState state, Duration timeout) {
        Semaphore s = signals.get(state);
        try {
            boolean woken = s.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
            s.drainPermits();
            return woken;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
