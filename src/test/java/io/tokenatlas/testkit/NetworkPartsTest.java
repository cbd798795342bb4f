package io.tokenatlas.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The test kit's network parts behave as they say: the delaying static server (lower bounds on
 * each answer, the straggler share, answers served at once) and the provider proxy in front of a
 * real anvil (range and result caps with providers' messages, 429 with Retry-After, batch limit).
 * Only lower bounds on time are asserted, so a loaded machine cannot fail them.
 */
class NetworkPartsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();

    @Test
    void theStaticServerDelaysEveryAnswerAndLetsAShareStraggleWhileServingAtOnce() throws Exception {
        StaticServer.Delays delays = new StaticServer.Delays(Duration.ofMillis(40), 0.1, Duration.ofMillis(600), 3);
        int requests = 200;
        int expectedStragglers = 0;
        for (int i = 0; i < requests; i++) {
            expectedStragglers += delays.straggles("/f/" + i, 1) ? 1 : 0;
        }
        assertTrue(expectedStragglers >= 10 && expectedStragglers <= 30, "about a tenth straggle: " + expectedStragglers);
        try (StaticServer http = new StaticServer().delay(delays);
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            http.generate("/f/", name -> new StaticServer.Generated(name.getBytes(StandardCharsets.UTF_8), "text/plain"));
            List<Future<long[]>> answers = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                String path = "/f/" + i;
                answers.add(pool.submit(() -> {
                    long start = System.nanoTime();
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(http.url() + path)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertEquals(path.substring(3), r.body());
                    return new long[] {(System.nanoTime() - start) / 1_000_000, delays.straggles(path, 1) ? 1 : 0};
                }));
            }
            int slow = 0;
            for (Future<long[]> answer : answers) {
                long[] a = answer.get();
                assertTrue(a[0] >= (a[1] == 1 ? 600 : 40), "an answer came before its delay: " + a[0] + " ms");
                slow += (int) a[1];
            }
            StaticServer.DelayCounts counts = http.delayCounts();
            assertEquals(requests, counts.delayed());
            assertEquals(expectedStragglers, counts.stragglers());
            assertEquals(expectedStragglers, slow);
            assertTrue(counts.peakInFlight() > 8, "answers were not served at once: peak " + counts.peakInFlight());
            // A second request for a path is a new draw.
            int again = 0;
            for (int i = 0; i < requests; i++) {
                again += delays.straggles("/f/" + i, 1) && delays.straggles("/f/" + i, 2) ? 1 : 0;
            }
            assertTrue(again < expectedStragglers / 2, "stragglers straggle again: " + again);
        }
    }

    @Test
    void theProviderProxyRefusesAsProvidersDoAndForwardsTheRest() throws Exception {
        try (Anvil anvil = Anvil.start(0, Tools.logs().resolve("network-parts").resolve("anvil.log"))) {
            anvil.rpc("anvil_mine", "[\"0x20\"]");
            ProviderProxy.Limits limits = new ProviderProxy.Limits(Duration.ofMillis(30), 10, 1_000, 5, 2, 3);
            try (ProviderProxy proxy = new ProviderProxy(anvil.rpcUrl(), limits)) {
                long start = System.nanoTime();
                JsonNode head = call(proxy, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_blockNumber\",\"params\":[]}").body;
                assertTrue((System.nanoTime() - start) / 1_000_000 >= 30, "answered before its latency");
                assertEquals(0x20, Long.decode(head.get("result").asText()));

                JsonNode tooWide = call(proxy, logs(2, 0, 10)).body; // 11 blocks
                assertEquals("eth_getLogs is limited to a 10 block range", tooWide.at("/error/message").asText());
                JsonNode fits = call(proxy, logs(3, 1, 10)).body;
                assertTrue(fits.get("result").isArray(), fits.toString());

                Answer batch = call(proxy, "[" + String.join(",", List.of(logs(6, 1, 2), logs(7, 1, 2), logs(8, 1, 2),
                        logs(9, 1, 2))) + "]");
                assertEquals("batch of 4 requests is over the limit of 3", batch.body.at("/error/message").asText());

                Answer fifth = call(proxy, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"eth_chainId\",\"params\":[]}");
                assertEquals(429, fifth.status);
                assertEquals("2", fifth.retryAfter);

                ProviderProxy.Counts counts = proxy.counts();
                assertEquals(5, counts.requests());
                assertEquals(1, counts.rangeRefused());
                assertEquals(1, counts.batchesRefused());
                assertEquals(1, counts.tooMany());
            }
        }
    }

    private record Answer(int status, String retryAfter, JsonNode body) {}

    private Answer call(ProviderProxy proxy, String body) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(proxy.url()))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.headers().firstValue("Retry-After").orElse(null), JSON.readTree(r.body()));
    }

    private static String logs(int id, long from, long to) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"eth_getLogs\",\"params\":[{\"fromBlock\":\"0x"
                + Long.toHexString(from) + "\",\"toBlock\":\"0x" + Long.toHexString(to) + "\"}]}";
    }
}
