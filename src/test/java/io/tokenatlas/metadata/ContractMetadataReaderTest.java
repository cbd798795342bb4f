package io.tokenatlas.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ContractMetadataReaderTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theKnownFieldsAreKeptAsBoundedTextWithoutNuls() throws Exception {
        String kept = ContractMetadataReader.kept(utf8("""
                {"name": "Apes\\u0000", "description": "%s", "image": "ipfs://x", "banner_image": "https://b/1.png",
                 "external_link": "https://apes.example", "seller_fee_basis_points": 500, "collaborators": ["0x1"],
                 "featured_image": {"nested": true}}""".formatted("d".repeat(5000))));
        assertTrue(kept.startsWith("{\"name\":\"Apes\",\"description\":\"ddd"), kept);
        assertTrue(kept.contains("\"image\":\"ipfs://x\",\"banner_image\":\"https://b/1.png\""), kept);
        assertEquals(ContractMetadataReader.MAX_FIELD, new com.fasterxml.jackson.databind.ObjectMapper().readTree(kept)
                .get("description").asText().length());
        assertTrue(!kept.contains("seller_fee") && !kept.contains("featured_image"), kept);
    }

    @Test
    void anythingButAJsonObjectIsRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ContractMetadataReader.kept(utf8("[1, 2]")))
                .getMessage().contains("not a JSON object"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ContractMetadataReader.kept(utf8("{\"name\": ")))
                .getMessage().startsWith("not JSON"));
    }
}
