package io.tokenatlas.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

/**
 * An HTTP server on loopback that misbehaves the ways real hosts do: a body sent one byte a
 * second, no answer at all, a gzip bomb, a body shorter than its Content-Length, an endless body
 * with or without a declared length, a server error every time. Each path counts its requests.
 */
public final class HostileServer implements AutoCloseable {
    private final HttpServer server = StaticServer.loopbackServer();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final byte[] gzipBomb;

    public HostileServer() {
        gzipBomb = gzipOfZeros(64L << 20);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            try (exchange) {
                handle(path, exchange);
            } catch (IOException e) {
                // the client gave up, as it should
            }
        });
        server.start();
    }

    /** Requests for {@code path} so far. */
    public int requestCount(String path) {
        AtomicInteger n = requests.get(path);
        return n == null ? 0 : n.get();
    }

    /** A JSON answer of {@code seconds} spaces, one a second. */
    private static void trickle(HttpExchange exchange, OutputStream out, int seconds) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 0);
        for (int i = 0; i < seconds; i++) {
            out.write(' ');
            out.flush();
            sleep(1000);
        }
    }

    private void handle(String path, HttpExchange exchange) throws IOException {
        OutputStream out = exchange.getResponseBody();
        switch (path) {
            case "/trickle.json" -> trickle(exchange, out, 120);
            // Ten minutes of one byte a second: longer than any test waits for other work.
            case "/trickle-long.json" -> trickle(exchange, out, 600);
            case "/hang.json" -> sleep(120_000);
            case "/gzip-bomb.json" -> {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.getResponseHeaders().set("Content-Encoding", "gzip");
                exchange.sendResponseHeaders(200, gzipBomb.length);
                out.write(gzipBomb);
            }
            case "/short.png" -> {
                exchange.getResponseHeaders().set("Content-Type", "image/png");
                exchange.sendResponseHeaders(200, 100_000);
                out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
                out.flush();
                // closing now leaves the body 99,996 bytes short
            }
            case "/huge-declared.json", "/huge-chunked.json" -> {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, path.contains("declared") ? 50L << 20 : 0);
                byte[] spaces = new byte[64 * 1024];
                java.util.Arrays.fill(spaces, (byte) ' ');
                for (int i = 0; i < 800; i++) {
                    out.write(spaces);
                }
            }
            case "/error.json" -> exchange.sendResponseHeaders(500, -1);
            default -> exchange.sendResponseHeaders(404, -1);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] gzipOfZeros(long size) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            byte[] zeros = new byte[1 << 20];
            for (long written = 0; written < size; written += zeros.length) {
                gzip.write(zeros);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public int requests(String path) {
        AtomicInteger n = requests.get(path);
        return n == null ? 0 : n.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
