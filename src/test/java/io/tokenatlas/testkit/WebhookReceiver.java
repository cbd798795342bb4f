package io.tokenatlas.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver on loopback, as an integrator would write one: it checks each delivery's
 * Standard Webhooks signature (its own HMAC, not the daemon's code) and timestamp, records what
 * came, and can refuse the first deliveries with 503 to make the daemon retry.
 */
public final class WebhookReceiver implements AutoCloseable {
    /** One request received: its webhook-id, the event's type, the body, and whether its signature held. */
    public record Delivery(String id, String type, JsonNode body, boolean signed, boolean accepted) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final List<Delivery> received = new ArrayList<>();
    private final AtomicInteger toRefuse = new AtomicInteger();
    private volatile String secret;

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    public static WebhookReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            WebhookReceiver receiver = new WebhookReceiver(server);
            server.createContext("/", receiver::handle);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    /** The secret deliveries are checked against (the one the daemon answered at subscription). */
    public void secret(String secret) {
        this.secret = secret;
    }

    /** Answers the next {@code n} deliveries 503. */
    public void refuse(int n) {
        toRefuse.set(n);
    }

    public synchronized List<Delivery> received() {
        return List.copyOf(received);
    }

    /** The deliveries answered 2xx. */
    public synchronized List<Delivery> accepted() {
        return received.stream().filter(Delivery::accepted).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] bytes = exchange.getRequestBody().readAllBytes();
            String body = new String(bytes, StandardCharsets.UTF_8);
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
            boolean signed = verify(id, timestamp, body, signature);
            boolean accept = toRefuse.getAndUpdate(n -> Math.max(0, n - 1)) == 0 && signed;
            JsonNode json = JSON.readTree(body);
            synchronized (this) {
                received.add(new Delivery(id, json.path("type").asText(), json, signed, accept));
            }
            exchange.sendResponseHeaders(accept ? 204 : signed ? 503 : 401, -1);
        }
    }

    /** The Standard Webhooks check: v1 HMAC-SHA256 of "id.timestamp.body" with the secret's key, within 5 minutes. */
    private boolean verify(String id, String timestamp, String body, String signature) {
        if (secret == null || id == null || timestamp == null || signature == null) {
            return false;
        }
        long age = Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp));
        if (age > 300) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            byte[] expected = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            for (String candidate : signature.split(" ")) {
                if (candidate.startsWith("v1,") && MessageDigest.isEqual(expected,
                        Base64.getDecoder().decode(candidate.substring(3)))) {
                    return true;
                }
            }
            return false;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
