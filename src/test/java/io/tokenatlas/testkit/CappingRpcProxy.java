package io.tokenatlas.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JSON-RPC proxy in front of anvil that refuses eth_getLogs over more than {@code maxBlocks}
 * blocks the way hosted providers do. This is fault injection: anvil itself has no such cap.
 */
public final class CappingRpcProxy implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final AtomicInteger refused = new AtomicInteger();

    public CappingRpcProxy(String upstream, long maxBlocks) {
        server = StaticServer.loopbackServer();
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            byte[] answer;
            JsonNode request = JSON.readTree(body);
            if (request.isObject() && "eth_getLogs".equals(request.path("method").asText())
                    && span(request.path("params").path(0)) > maxBlocks) {
                refused.incrementAndGet();
                answer = ("{\"jsonrpc\":\"2.0\",\"id\":" + request.path("id") + ",\"error\":{\"code\":-32005,"
                        + "\"message\":\"query returned more than 10000 results; try a smaller block range\"}}")
                        .getBytes(StandardCharsets.UTF_8);
            } else {
                try {
                    answer = client.send(HttpRequest.newBuilder(URI.create(upstream))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                            HttpResponse.BodyHandlers.ofByteArray()).body();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    private static long span(JsonNode filter) {
        return Long.decode(filter.path("toBlock").asText("0x0")) - Long.decode(filter.path("fromBlock").asText("0x0")) + 1;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** How many log queries were refused as too large. */
    public int refused() {
        return refused.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
