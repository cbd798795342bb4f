package io.tokenatlas.chain;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Waits out a provider's "too many requests" (HTTP 429, or 503 with a Retry-After) and sends the
 * request again, up to {@link #TRIES} times, instead of failing the call: a capped plan's 429s
 * are part of its normal pace. The wait is the Retry-After the provider named (seconds or a date),
 * else a second, and never more than {@link #MAX_WAIT}; the call's own timeout still bounds it all.
 */
final class RetryAfter implements Interceptor {
    static final int TRIES = 5;
    static final Duration MAX_WAIT = Duration.ofSeconds(10);
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(1);

    @Override
    public Response intercept(Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        for (int retry = 1; retry < TRIES && tooMany(response); retry++) {
            long millis = waitMillis(response.header("Retry-After"), System.currentTimeMillis()) * retry;
            response.close();
            try {
                Thread.sleep(Math.min(millis, MAX_WAIT.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting out a 429");
            }
            response = chain.proceed(chain.request());
        }
        return response;
    }

    private static boolean tooMany(Response response) {
        return response.code() == 429 || (response.code() == 503 && response.header("Retry-After") != null);
    }

    /** Milliseconds a Retry-After value asks for (delta-seconds or an HTTP date), at most {@link #MAX_WAIT}. */
    static long waitMillis(String retryAfter, long nowMillis) {
        if (retryAfter == null || retryAfter.isBlank()) {
            return DEFAULT_WAIT.toMillis();
        }
        String value = retryAfter.strip();
        long millis;
        try {
            millis = Math.multiplyExact(Long.parseLong(value), 1000L);
        } catch (ArithmeticException e) {
            millis = MAX_WAIT.toMillis();
        } catch (NumberFormatException e) {
            if (value.chars().allMatch(Character::isDigit)) {
                return MAX_WAIT.toMillis(); // more seconds than a long holds
            }
            try {
                millis = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli()
                        - nowMillis;
            } catch (DateTimeParseException unreadable) {
                millis = DEFAULT_WAIT.toMillis();
            }
        }
        return Math.max(0, Math.min(millis, MAX_WAIT.toMillis()));
    }
}
