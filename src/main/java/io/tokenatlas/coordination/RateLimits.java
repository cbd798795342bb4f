package io.tokenatlas.coordination;

/**
 * A token bucket per client (an API key or an address): {@code burst} requests at once, then
 * {@code perSecond} on average. A request the bucket cannot pay for is refused with the time until
 * it could be, and costs nothing.
 */
public interface RateLimits {
    /** Taking from a client's bucket: the nanoseconds to wait when refused (0: go on), requests left, seconds until full. */
    record Taken(long waitNanos, long remaining, long secondsToFull) {}

    boolean enabled();

    /** Takes {@code cost} requests (at most the burst) from the client's bucket. */
    Taken take(String client, int cost);

    /** The policy as the IETF RateLimit-Policy header field says it: the bucket's size and the seconds it takes to fill. */
    String policy();

    static String policy(double perSecond, int burst) {
        return "\"default\";q=" + burst + ";w=" + (long) Math.ceil(burst / perSecond);
    }
}
