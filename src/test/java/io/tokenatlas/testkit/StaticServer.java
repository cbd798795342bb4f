package io.tokenatlas.testkit;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * A plain HTTP server on loopback serving files put into it: the "http://" metadata host of a
 * collection. With {@link #delay} it answers as hosts on a real network do: after a latency, and a
 * share of requests (stragglers) only after a long wait; answers are served concurrently.
 */
public final class StaticServer implements AutoCloseable {
    private record File(byte[] bytes, String contentType, String redirect) {}

    /**
     * How long answers wait: every one {@code latency}, and a share {@code stragglers} (0 to 1) of
     * requests {@code straggler} instead. Which requests straggle follows from the seed, the path and
     * how many times it was asked for, so a run can be repeated and a retried straggler is a new draw.
     */
    public record Delays(Duration latency, double stragglers, Duration straggler, long seed) {
        public static final Delays NONE = new Delays(Duration.ZERO, 0, Duration.ZERO, 0);

        /** How public gateways and metadata hosts answer: 100 ms, and 2 % of requests after 5 s. */
        public static Delays network() {
            return new Delays(Duration.ofMillis(100), 0.02, Duration.ofSeconds(5), 7);
        }

        /** Whether the {@code nth} request (from 1) for {@code path} straggles. */
        public boolean straggles(String path, int nth) {
            return stragglers > 0 && new java.util.SplittableRandom(seed ^ path.hashCode() * 0x9E3779B97F4A7C15L
                    ^ nth * 0xC2B2AE3D27D4EB4FL).nextDouble() < stragglers;
        }

        /** The mean delay of a request. */
        public double meanSeconds() {
            return (1 - stragglers) * latency.toNanos() / 1e9 + stragglers * straggler.toNanos() / 1e9;
        }
    }

    private static final Duration HOLD_AT_MOST = Duration.ofMinutes(1);
    private volatile Delays delays = Delays.NONE;
    private volatile java.util.concurrent.CountDownLatch gate;
    private final java.util.concurrent.atomic.AtomicInteger delayed = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger straggled = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger peakInFlight = new java.util.concurrent.atomic.AtomicInteger();

    private final HttpServer server;
    private final Map<String, File> files = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> requests = new ConcurrentHashMap<>();
    private final Map<String, java.util.function.Function<String, Generated>> generators = new ConcurrentHashMap<>();

    /** A body made on request. */
    public record Generated(byte[] bytes, String contentType) {}

    public StaticServer() {
        server = loopbackServer();
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            int nth = requests.computeIfAbsent(path, p -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
            peakInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                wait(path, nth);
            } finally {
                inFlight.decrementAndGet();
            }
            File file = files.get(path);
            if (file == null) {
                file = generated(path);
            }
            try (exchange; OutputStream out = exchange.getResponseBody()) {
                if (file == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                if (file.redirect() != null) {
                    exchange.getResponseHeaders().set("Location", file.redirect());
                    exchange.sendResponseHeaders(302, -1);
                    return;
                }
                exchange.getResponseHeaders().set("Content-Type", file.contentType());
                exchange.sendResponseHeaders(200, file.bytes().length);
                out.write(file.bytes());
            }
        });
        server.start();
    }

    private void wait(String path, int nth) {
        java.util.concurrent.CountDownLatch held = gate;
        if (held != null) {
            try {
                held.await(HOLD_AT_MOST.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Delays now = delays;
        boolean straggles = now.straggles(path, nth);
        Duration delay = straggles ? now.straggler() : now.latency();
        if (delay.isZero()) {
            return;
        }
        delayed.incrementAndGet();
        if (straggles) {
            straggled.incrementAndGet();
        }
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Holds every answer from now on until {@link #release()} (at most a minute, so a test that
     * forgets cannot hang): a test can keep tokens in the pipeline until it has seen what it waits for.
     */
    public StaticServer hold() {
        gate = new java.util.concurrent.CountDownLatch(1);
        return this;
    }

    /** Lets the held answers and every later one through. */
    public void release() {
        java.util.concurrent.CountDownLatch held = gate;
        gate = null;
        if (held != null) {
            held.countDown();
        }
    }

    /** Answers from now on after {@code delays}. */
    public StaticServer delay(Delays delays) {
        this.delays = delays;
        return this;
    }

    /** How many answers waited, how many of them as stragglers, and the most requests served at once. */
    public record DelayCounts(int delayed, int stragglers, int peakInFlight) {}

    public DelayCounts delayCounts() {
        return new DelayCounts(delayed.get(), straggled.get(), peakInFlight.get());
    }

    /** An HTTP server on a free loopback port, one virtual thread per exchange; not started yet. */
    static HttpServer loopbackServer() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serves {@code bytes} at {@code path} and returns its URL. */
    public String put(String path, byte[] bytes, String contentType) {
        files.put(path, new File(bytes, contentType, null));
        return url() + path;
    }

    /**
     * Answers every path under {@code prefix} (ending in /) with what {@code body} makes of the
     * rest of the path (a 404 when it throws), so large collections need not sit in memory.
     */
    public String generate(String prefix, java.util.function.Function<String, Generated> body) {
        generators.put(prefix, body);
        return url() + prefix;
    }

    private File generated(String path) {
        int slash = path.lastIndexOf('/');
        var generator = slash < 0 ? null : generators.get(path.substring(0, slash + 1));
        if (generator == null) {
            return null;
        }
        try {
            Generated g = generator.apply(path.substring(slash + 1));
            return new File(g.bytes(), g.contentType(), null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Answers {@code path} with a 302 to {@code location}; returns the path's URL. */
    public String redirect(String path, String location) {
        files.put(path, new File(null, null, location));
        return url() + path;
    }

    /** How many times each path was requested. */
    public Map<String, Integer> requestCounts() {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        requests.forEach((path, n) -> counts.put(path, n.get()));
        return counts;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
