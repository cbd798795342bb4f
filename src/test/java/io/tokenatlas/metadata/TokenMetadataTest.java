package io.tokenatlas.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenMetadataTest {
    static TokenMetadata parse(String json) {
        return TokenMetadata.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsNameImageAndAttributes() {
        TokenMetadata m = parse("""
                {"name":"Punk #1","image":"ipfs://bafkqaaa","attributes":[
                  {"trait_type":"Hat","value":"Cap"},
                  {"trait_type":"Level","value":5,"display_type":"number"},
                  {"trait_type":"Rare","value":true},
                  {"value":"Lonely"},
                  {"trait_type":"Nothing","value":null},
                  "Plain tag"]}
                """);
        assertEquals("Punk #1", m.name());
        assertEquals("ipfs://bafkqaaa", m.image());
        assertEquals(List.of(
                new Trait("Hat", "Cap", null),
                new Trait("Level", "5", "number"),
                new Trait("Rare", "true", null),
                new Trait(null, "Lonely", null),
                new Trait(null, "Plain tag", null)), m.traits());
    }

    @Test
    void fallsBackToImageUrlThenInlineSvg() {
        assertEquals("https://x/1.png", parse("{\"image_url\":\"https://x/1.png\"}").image());
        assertEquals("https://x/2.png", parse("{\"image\":\"  \",\"image_url\":\"https://x/2.png\"}").image());
        String svg = parse("{\"image_data\":\"<svg xmlns='http://www.w3.org/2000/svg'/>\"}").image();
        assertTrue(svg.startsWith("data:image/svg+xml"), svg);
        String payload = svg.substring(svg.indexOf(',') + 1);
        assertTrue(!payload.contains(" ") && !payload.contains("+"), svg);
        assertTrue(io.tokenatlas.fetch.ResourceUri.parse(svg) instanceof io.tokenatlas.fetch.ResourceUri.Inline inline
                && new String(inline.bytes(), StandardCharsets.UTF_8).equals("<svg xmlns='http://www.w3.org/2000/svg'/>"), svg);
    }

    @Test
    void animationUrlIsTheLastResort() {
        assertEquals("ipfs://bafkqaaa/still.png", parse("{\"animation_url\":\"ipfs://bafkqaaa/still.png\"}").image());
        assertEquals("https://x/1.png",
                parse("{\"image\":\"https://x/1.png\",\"animation_url\":\"https://x/1.mp4\"}").image());
    }

    @Test
    void noImageIsNull() {
        assertNull(parse("{\"name\":\"x\"}").image());
        assertNull(parse("{\"name\":\"x\",\"image\":5,\"image_url\":{\"u\":1}}").image(), "only strings are URIs");
        assertEquals(List.of(), parse("{\"attributes\":{\"a\":1}}").traits());
    }

    @Test
    void refusesWhatIsNotAJsonObject() {
        assertThrows(IllegalArgumentException.class, () -> parse("[1,2]"));
        assertThrows(IllegalArgumentException.class, () -> parse("<html>"));
        assertThrows(IllegalArgumentException.class, () -> parse(""));
        assertThrows(IllegalArgumentException.class, () -> parse("{\"a\":"));
        var latin1 = assertThrows(IllegalArgumentException.class, () -> TokenMetadata.parse(
                "{\"name\":\"caf\u00e9\"}".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
        assertEquals("metadata is not UTF-8 text: byte 0xe9 at offset 12 is not valid UTF-8", latin1.getMessage());
    }

    @Test
    void aMegabyteOfAttributesKeepsTheFirstHundredTraitsEachOfBoundedLength() {
        StringBuilder json = new StringBuilder("{\"image\":\"ipfs://x\",\"attributes\":[");
        for (int i = 0; i < 20_000; i++) {
            json.append(i > 0 ? "," : "").append("{\"trait_type\":\"t").append(i).append("\",\"value\":\"v\"}");
        }
        json.append(",{\"trait_type\":\"long\",\"value\":\"").append("x".repeat(5000)).append("\"}]}");
        TokenMetadata metadata = TokenMetadata.parse(json.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(TokenMetadata.MAX_TRAITS, metadata.traits().size());
        assertEquals("t99", metadata.traits().getLast().traitType());
        String cut = TokenMetadata.bounded("y".repeat(3000));
        assertEquals(TokenMetadata.MAX_TEXT, cut.length());
        assertTrue(cut.endsWith("\u2026"));
    }

    @Test
    void nulAndLoneSurrogatesBecomeReplacementCharactersEverywhere() {
        String json = "{\"name\":\"a\\u0000b\",\"image\":\"ipfs://x\",\"k\\u0000\":\"\\ud800\",\"ok\":\"\\ud83d\\ude00\","
                + "\"attributes\":[{\"trait_type\":\"T\\u0000\",\"value\":\"v\\u0000\"}]}";
        TokenMetadata metadata = TokenMetadata.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("a\uFFFDb", metadata.name());
        assertEquals(new Trait("T\uFFFD", "v\uFFFD", null), metadata.traits().getFirst());
        assertFalse(metadata.json().contains("\\u0000"), metadata.json());
        assertTrue(metadata.json().contains("\"k\uFFFD\":\"\uFFFD\""), metadata.json());
        assertTrue(metadata.json().contains("\ud83d\ude00"), "a surrogate pair stays: " + metadata.json());
    }
}
