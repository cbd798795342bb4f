package io.tokenatlas.testkit;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/** A plain HTTP server on loopback serving files put into it: the "http://" metadata host of a collection. */
public final class StaticServer implements AutoCloseable {
    private record File(byte[] bytes, String contentType, String redirect) {}

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
            requests.computeIfAbsent(path, p -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
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
