package io.tokenatlas.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JSON-RPC proxy in front of anvil that behaves like a hosted provider: every request answers
 * after a latency, eth_getLogs is refused over more than {@code maxBlocks} blocks or when it would
 * return more than {@code maxResults} logs, every {@code tooManyEvery}-th request is turned away
 * with HTTP 429 and a Retry-After, and batches of more than {@code maxBatch} calls are refused.
 * Requests are served concurrently, as a provider's are. This is fault injection: anvil itself
 * has none of these limits.
 */
public final class ProviderProxy implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the proxy imposes. Zero for tooManyEvery means never. */
    public record Limits(Duration latency, long maxBlocks, int maxResults, int tooManyEvery, int retryAfterSeconds,
            int maxBatch) {
        /** As hosted providers commonly are: 30 ms, 2,000 blocks, 10,000 logs, one 429 in 200 requests, batches of 100. */
        public static Limits provider() {
            return new Limits(Duration.ofMillis(30), 2_000, 10_000, 200, 1, 100);
        }

        /** Only a block-range cap, answering at once. */
        public static Limits blockRange(long maxBlocks) {
            return new Limits(Duration.ZERO, maxBlocks, Integer.MAX_VALUE, 0, 0, Integer.MAX_VALUE);
        }
    }

    /** How many requests and calls the proxy saw and refused, and the most it served at once. */
    public record Counts(int requests, int calls, int rangeRefused, int resultsRefused, int tooMany, int batchesRefused,
            int peakInFlight) {}

    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().executor(java.util.concurrent.Executors
            .newVirtualThreadPerTaskExecutor()).build();
    private final String upstream;
    private final Limits limits;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger rangeRefused = new AtomicInteger();
    private final AtomicInteger resultsRefused = new AtomicInteger();
    private final AtomicInteger tooMany = new AtomicInteger();
    private final AtomicInteger batchesRefused = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peakInFlight = new AtomicInteger();

    public ProviderProxy(String upstream, Limits limits) {
        this.upstream = upstream;
        this.limits = limits;
        server = StaticServer.loopbackServer();
        server.createContext("/", this::serve);
        server.start();
    }

    private void serve(HttpExchange exchange) throws IOException {
        int now = inFlight.incrementAndGet();
        peakInFlight.accumulateAndGet(now, Math::max);
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Thread.sleep(limits.latency());
            int n = requests.incrementAndGet();
            if (limits.tooManyEvery() > 0 && n % limits.tooManyEvery() == 0) {
                tooMany.incrementAndGet();
                exchange.getResponseHeaders().set("Retry-After", Integer.toString(limits.retryAfterSeconds()));
                send(exchange, 429, "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":429,"
                        + "\"message\":\"Too Many Requests: your app has exceeded its compute units per second\"}}");
                return;
            }
            JsonNode request = JSON.readTree(body);
            calls.addAndGet(request.isArray() ? request.size() : 1);
            if (request.isArray() && request.size() > limits.maxBatch()) {
                batchesRefused.incrementAndGet();
                send(exchange, 200, "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":"
                        + "\"batch of " + request.size() + " requests is over the limit of " + limits.maxBatch() + "\"}}");
                return;
            }
            JsonNode answer = JSON.readTree(forward(body));
            send(exchange, 200, JSON.writeValueAsString(request.isArray() && answer.isArray()
                    ? capBatch((ArrayNode) request, (ArrayNode) answer) : cap(request, answer)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private byte[] forward(byte[] body) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(upstream)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    private ArrayNode capBatch(ArrayNode request, ArrayNode answer) {
        Map<String, JsonNode> byId = new HashMap<>();
        request.forEach(call -> byId.put(call.path("id").toString(), call));
        ArrayNode out = JSON.createArrayNode();
        answer.forEach(one -> out.add(cap(byId.getOrDefault(one.path("id").toString(), JSON.nullNode()), one)));
        return out;
    }

    /** The upstream's answer to one call, or the provider's refusal of it. */
    private JsonNode cap(JsonNode call, JsonNode answer) {
        if (!"eth_getLogs".equals(call.path("method").asText())) {
            return answer;
        }
        if (span(call.path("params").path(0)) > limits.maxBlocks()) {
            rangeRefused.incrementAndGet();
            return error(call, -32600, "eth_getLogs is limited to a " + limits.maxBlocks() + " block range");
        }
        if (answer.path("result").size() > limits.maxResults()) {
            resultsRefused.incrementAndGet();
            return error(call, -32005, "query returned more than " + limits.maxResults() + " results");
        }
        return answer;
    }

    private static ObjectNode error(JsonNode call, int code, String message) {
        ObjectNode out = JSON.createObjectNode().put("jsonrpc", "2.0");
        out.set("id", call.path("id"));
        out.putObject("error").put("code", code).put("message", message);
        return out;
    }

    /** The blocks a filter spans; 1 when either end is a tag such as "latest" (not capped here). */
    private static long span(JsonNode filter) {
        String from = filter.path("fromBlock").asText("0x0");
        String to = filter.path("toBlock").asText("0x0");
        return from.startsWith("0x") && to.startsWith("0x") ? Long.decode(to) - Long.decode(from) + 1 : 1;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public Counts counts() {
        return new Counts(requests.get(), calls.get(), rangeRefused.get(), resultsRefused.get(), tooMany.get(),
                batchesRefused.get(), peakInFlight.get());
    }

    /** How many log queries were refused as too large, by range or by results. */
    public int refused() {
        return rangeRefused.get() + resultsRefused.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
