package io.tokenatlas.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The project's local Helia IPFS gateway (scripts/node/ipfs-gateway.mjs) on a free loopback port. */
public final class IpfsGateway implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ManagedProcess process;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private IpfsGateway(ManagedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    public static IpfsGateway start(Path log) {
        ManagedProcess process = ManagedProcess.start("ipfs-gateway", List.of(Tools.node().toString(),
                Tools.root().resolve("scripts/node/ipfs-gateway.mjs").toString(), "0"), log,
                line -> line.startsWith("READY "));
        int port = Integer.parseInt(process.awaitReady(Duration.ofSeconds(60)).substring("READY ".length()).strip());
        return new IpfsGateway(process, port);
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Adds a file and returns its CIDv1. */
    public String add(byte[] bytes) {
        return post(bytes, "");
    }

    /** Adds a file wrapped in a directory under {@code name}; returns the directory's CID. */
    public String addWrapped(byte[] bytes, String name) {
        return post(bytes, "?wrap=" + name);
    }

    /** Adds a file in chunks of {@code chunk} bytes, with raw or dag-pb leaves, wrapped under {@code name}. */
    public String addChunked(byte[] bytes, String name, int chunk, boolean rawLeaves) {
        return post(bytes, "?wrap=" + name + "&chunk=" + chunk + "&rawLeaves=" + rawLeaves);
    }

    /**
     * Adds files as one directory (name to content) and returns its CID; a large one (thousands of
     * entries) is sharded (HAMT), as IPFS tools publish a 10,000-token drop.
     */
    public String addDirectory(java.util.Map<String, byte[]> files) {
        var body = JSON.createObjectNode();
        files.forEach((name, bytes) -> body.put(name, java.util.Base64.getEncoder().encodeToString(bytes)));
        return send("/api/v0/add-directory", body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Duration.ofMinutes(5));
    }

    /** One block as the trustless gateway serves it (application/vnd.ipld.raw). */
    public byte[] block(String cid) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/ipfs/" + cid))
                .header("Accept", "application/vnd.ipld.raw").timeout(Duration.ofSeconds(30)).build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("block " + cid + " answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("reading block " + cid + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** How many GET requests the gateway served for each /ipfs/ path (query strings left out). */
    public java.util.Map<String, Integer> servedCounts() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/stats")).timeout(Duration.ofSeconds(10)).build();
        try {
            var node = JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
            java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
            node.properties().forEach(e -> counts.put(e.getKey(), e.getValue().asInt()));
            return counts;
        } catch (IOException e) {
            throw new IllegalStateException("reading the gateway's stats failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String post(byte[] bytes, String query) {
        return send("/api/v0/add" + query, bytes, Duration.ofSeconds(30));
    }

    private String send(String path, byte[] bytes, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).timeout(timeout).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("adding to IPFS answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body()).get("Hash").asText();
        } catch (IOException e) {
            throw new IllegalStateException("adding to IPFS failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
