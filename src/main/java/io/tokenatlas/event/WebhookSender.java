package io.tokenatlas.event;

import io.tokenatlas.config.EventsConfig;
import io.tokenatlas.config.MediaConfig;
import io.tokenatlas.fetch.AddressPolicy;
import io.tokenatlas.fetch.FetchException;
import io.tokenatlas.fetch.GuardedHttp;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Posts one event to one webhook, signed. Receivers are reached through the same address guard as
 * fetches (a webhook cannot be pointed at the cloud metadata service or the database), with a
 * timeout for the whole call.
 */
@ApplicationScoped
public class WebhookSender {
    /** How an attempt went: the receiver's status, or null and why there was none. */
    public record Outcome(Integer status, String error) {
        public boolean delivered() {
            return status != null && status >= 200 && status < 300;
        }
    }

    private final GuardedHttp http;

    public WebhookSender(MediaConfig media, EventsConfig events) {
        this.http = new GuardedHttp(new AddressPolicy(media.allowAddresses().orElse(List.of()), Set.of(), media.allowPorts()),
                media.connectTimeout(), events.webhookTimeout(), events.webhookTimeout());
    }

    public Outcome send(String url, String secret, Event event) {
        String body = event.json();
        String id = Long.toString(event.seq());
        long timestamp = System.currentTimeMillis() / 1000;
        Map<String, String> headers = Map.of(
                "webhook-id", id,
                "webhook-timestamp", Long.toString(timestamp),
                "webhook-signature", WebhookSignature.sign(secret, id, timestamp, body),
                "User-Agent", "token-atlas-webhooks");
        try {
            int status = http.post(url, headers, body.getBytes(StandardCharsets.UTF_8), "application/json");
            return new Outcome(status, status >= 200 && status < 300 ? null : "the receiver answered HTTP " + status);
        } catch (FetchException e) {
            return new Outcome(null, e.getMessage());
        }
    }
}
