package io.tokenatlas.metadata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of an ERC-721 metadata JSON the daemon uses. Pure: parses bytes, no I/O.
 *
 * @param json  the document as compact JSON text, stored as it came
 * @param image the image reference: {@code image}, else {@code image_url}, else inline {@code image_data} SVG,
 *              else {@code animation_url}
 */
public record TokenMetadata(String json, String name, String image, List<Trait> traits) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Parses a metadata document, or throws {@link IllegalArgumentException} saying what is wrong with it. */
    public static TokenMetadata parse(byte[] bytes) {
        checkUtf8(bytes);
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("metadata is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("metadata could not be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("metadata is not a JSON object");
        }
        String image = string(root, "image");
        if (image == null) {
            image = string(root, "image_url");
        }
        if (image == null) {
            String svg = string(root, "image_data");
            if (svg != null) {
                image = "data:image/svg+xml;charset=utf-8," + java.net.URLEncoder.encode(svg, StandardCharsets.UTF_8)
                        .replace("+", "%20");
            }
        }
        if (image == null) {
            // The last resort: a still picture only if it is one (the image stage refuses anything else).
            image = string(root, "animation_url");
        }
        return new TokenMetadata(root.toString(), text(root, "name"), image, traits(root.get("attributes")));
    }

    /** JSON is UTF-8 (RFC 8259); a body in another encoding is refused with where it goes wrong. */
    static void checkUtf8(byte[] bytes) {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(4096);
        while (true) {
            var result = decoder.decode(in, out, true);
            if (result.isError()) {
                throw new IllegalArgumentException("metadata is not UTF-8 text: byte 0x"
                        + String.format("%02x", bytes[in.position()] & 0xff) + " at offset " + in.position() + " is not valid UTF-8");
            }
            if (result.isUnderflow()) {
                return;
            }
            out.clear();
        }
    }

    /** A field that must be a JSON string to count (a number or object where a URI belongs is ignored). */
    private static String string(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node != null && node.isTextual() ? text(root, field) : null;
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull() || !node.isValueNode()) {
            return null;
        }
        String value = node.asText().strip();
        return value.isEmpty() ? null : value;
    }

    private static List<Trait> traits(JsonNode attributes) {
        List<Trait> traits = new ArrayList<>();
        if (attributes == null || !attributes.isArray()) {
            return traits;
        }
        for (JsonNode attribute : attributes) {
            if (attribute.isObject()) {
                JsonNode value = attribute.get("value");
                if (value != null && value.isValueNode() && !value.isNull()) {
                    traits.add(new Trait(text(attribute, "trait_type"), value.asText(), text(attribute, "display_type")));
                }
            } else if (attribute.isValueNode() && !attribute.isNull()) {
                traits.add(new Trait(null, attribute.asText(), null));
            }
        }
        return traits;
    }
}
