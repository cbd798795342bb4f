package io.tokenatlas.metadata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of an ERC-721 metadata JSON the daemon uses. Pure: parses bytes, no I/O. What a
 * stranger wrote is kept within bounds: at most {@value #MAX_TRAITS} traits (the first ones), each
 * text at most {@value #MAX_TEXT} characters, and no NUL or lone surrogate anywhere (PostgreSQL's
 * text and jsonb refuse them): they become U+FFFD.
 *
 * @param json  the document as compact JSON text, stored as it came
 * @param image the image reference: {@code image}, else {@code image_url}, else inline {@code image_data} SVG,
 *              else {@code animation_url}
 */
public record TokenMetadata(String json, String name, String image, List<Trait> traits) {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Traits kept of a token (real collections have a few dozen at most). */
    static final int MAX_TRAITS = 100;
    /** Characters kept of a trait's type, value and display type, and of the name. */
    static final int MAX_TEXT = 256;

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
        root = storable(root);
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
        return new TokenMetadata(root.toString(), bounded(text(root, "name")), image, traits(root.get("attributes")));
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
            if (traits.size() == MAX_TRAITS) {
                break;
            }
            if (attribute.isObject()) {
                JsonNode value = attribute.get("value");
                if (value != null && value.isValueNode() && !value.isNull()) {
                    traits.add(new Trait(bounded(text(attribute, "trait_type")), bounded(value.asText()),
                            bounded(text(attribute, "display_type"))));
                }
            } else if (attribute.isValueNode() && !attribute.isNull()) {
                traits.add(new Trait(null, bounded(attribute.asText()), null));
            }
        }
        return traits;
    }

    /** At most {@link #MAX_TEXT} characters, cut with an ellipsis. */
    static String bounded(String text) {
        if (text == null || text.length() <= MAX_TEXT) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(MAX_TEXT - 2)) ? MAX_TEXT - 2 : MAX_TEXT - 1;
        return text.substring(0, end) + "\u2026";
    }

    /** The document with every string (values and field names) free of NUL and lone surrogates. */
    static JsonNode storable(JsonNode node) {
        if (node.isTextual()) {
            String clean = clean(node.textValue());
            return clean == node.textValue() ? node : com.fasterxml.jackson.databind.node.TextNode.valueOf(clean);
        }
        if (node.isArray()) {
            var copy = MAPPER.createArrayNode();
            node.forEach(child -> copy.add(storable(child)));
            return copy;
        }
        if (node.isObject()) {
            var copy = MAPPER.createObjectNode();
            node.properties().forEach(e -> copy.set(clean(e.getKey()), storable(e.getValue())));
            return copy;
        }
        return node;
    }

    /** The text itself when it is clean, else a copy with NUL and lone surrogates as U+FFFD. */
    static String clean(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
            boolean bad = c == 0 || (Character.isSurrogate(c) && !pair);
            if (bad && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                out.append(bad ? '\uFFFD' : c);
                if (pair) {
                    out.append(text.charAt(++i));
                }
            } else if (pair) {
                i++;
            }
        }
        return out == null ? text : out.toString();
    }
}
