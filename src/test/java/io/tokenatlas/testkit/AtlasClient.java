package io.tokenatlas.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small client of the daemon's HTTP API for the tests and the demo. */
public final class AtlasClient {
    /** The API key every daemon of the tests and the demo is configured with (DaemonProcess.config). */
    public static final String KEY = "atlas-test-key";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public AtlasClient(String base) {
        this.base = base;
    }

    /** The daemon's base URL. */
    public String base() {
        return base;
    }

    /** An answer: status, content type, the Location header, and the body parsed as JSON (null if empty). */
    public record Answer(int status, String contentType, String location, JsonNode body) {}

    /** A raw answer, for images. */
    public record Bytes(int status, String contentType, byte[] body) {}

    public Bytes bytes(String url) {
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Bytes(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body());
        } catch (IOException e) {
            throw new IllegalStateException("calling the daemon failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Answer register(long chainId, String address) {
        return post("/api/v1/collections", "{\"chainId\":" + chainId + ",\"address\":\"" + address + "\"}");
    }

    public Answer get(String path) {
        return send(HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path)).GET());
    }

    public Answer post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Answer delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    /** Sends without the API key, as a stranger would. */
    public Answer anonymous(HttpRequest.Builder request) {
        return exchange(request);
    }

    private Answer send(HttpRequest.Builder request) {
        return exchange(request.header("X-API-Key", KEY));
    }

    private Answer exchange(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = r.body().isEmpty() ? null : JSON.readTree(r.body());
            return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null),
                    r.headers().firstValue("Location").orElse(null), body);
        } catch (IOException e) {
            throw new IllegalStateException("calling the daemon failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
