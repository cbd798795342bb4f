package io.tokenatlas.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Instant;

/**
 * One thing that happened, in the order readers see ({@code seq}); {@code data} is the JSON the
 * trigger that wrote it gave (a token's name, a failure's reason, a map's version...).
 */
public record Event(long seq, String kind, long collectionId, BigInteger tokenId, String data, Instant at) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The event as streams and webhooks send it: {@code {"type", "timestamp", "data"}} (the shape
     * of the Standard Webhooks payload), the collection and token inside data.
     */
    public String json() {
        try {
            return JSON.writeValueAsString(node());
        } catch (IOException e) {
            throw new UncheckedIOException("event " + seq + " could not be written as JSON", e);
        }
    }

    /** As {@link #json()}, as a tree (a list of events adds each one's id to it). */
    public ObjectNode node() {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", kind);
        body.put("timestamp", at.toString());
        ObjectNode fields = body.putObject("data");
        fields.put("collection", collectionId);
        if (tokenId != null) {
            fields.put("tokenId", tokenId.toString());
        }
        try {
            JsonNode stored = JSON.readTree(data);
            if (stored instanceof ObjectNode object) {
                fields.setAll(object);
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException("event " + seq + " holds data that is not JSON", e);
        }
    }
}
