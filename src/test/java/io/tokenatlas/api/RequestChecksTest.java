package io.tokenatlas.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RequestChecksTest {
    @Test
    void aNulInANameOrValueIsNamed() {
        assertEquals("query parameter tag contains a NUL character", RequestChecks.problem("tag", "a\0b"));
        assertEquals("query parameter ?? contains a NUL character", RequestChecks.problem("\0\0", "x"));
        assertNull(RequestChecks.problem("q", "caf\u00e9 %"));
    }

    @Test
    void numbersThatAreNotAreSaidSo() {
        assertEquals("query parameter k must be an integer, not 'ten'", RequestChecks.problem("k", "ten"));
        assertEquals("query parameter minSimilarity must be a number, not 'NaN'", RequestChecks.problem("minSimilarity", "NaN"));
        assertNull(RequestChecks.problem("limit", "50"));
        assertNull(RequestChecks.problem("minSimilarity", "0.85"));
        assertNull(RequestChecks.problem("collection", ""));
        assertTrue(RequestChecks.problem("cell", "9".repeat(30)).contains("must be an integer"), "out of range");
    }

    @Test
    void valuesOutOfTheirRangeAreRefusedWithTheRange() {
        assertEquals(0, QueryValues.hashDistance(0, "maxDistance"));
        assertEquals(31, QueryValues.hashDistance(31, "maxDistance"));
        assertEquals("maxDistance must be between 0 and 31 bits, got 32",
                assertThrows(InvalidInputException.class, () -> QueryValues.hashDistance(32, "maxDistance")).getMessage());
        assertEquals(-1.0, QueryValues.similarity(-1, "minSimilarity"));
        assertEquals("minSimilarity must be between -1 and 1, got 1.01",
                assertThrows(InvalidInputException.class, () -> QueryValues.similarity(1.01, "minSimilarity")).getMessage());
        assertThrows(InvalidInputException.class, () -> QueryValues.similarity(Double.NaN, "minSimilarity"));
        assertEquals(500, QueryValues.limit(500, 500));
        assertEquals("limit must be between 1 and 500, got 0",
                assertThrows(InvalidInputException.class, () -> QueryValues.limit(0, 500)).getMessage());
    }

    @Test
    void theForwardedAddressCountsOnlyBehindATrustedProxy() {
        ClientAddress addresses = new ClientAddress(List.of("10.0.0.0/8", "fd00::/8"));
        assertEquals("203.0.113.5", addresses.of("10.1.2.3", "203.0.113.5"));
        assertEquals("198.51.100.7", addresses.of("10.1.2.3", "1.2.3.4, 198.51.100.7, 10.9.9.9"),
                "the right-most hop the proxies did not write");
        assertEquals("192.0.2.1", addresses.of("192.0.2.1", "203.0.113.5"), "an untrusted peer names itself only");
        assertEquals("10.1.2.3", addresses.of("10.1.2.3", "not-an-address"));
        assertEquals("2001:db8::1", addresses.of("fd00::1", "2001:db8::1"));
        assertEquals("10.1.2.3", addresses.of("10.1.2.3", null));
    }

    @Test
    void expensiveReadsAreTheRenderingAndScanningOnes() {
        assertTrue(ApiGuard.expensive("/api/v1/collections/1/mosaic.png"));
        assertTrue(ApiGuard.expensive("/api/v1/collections/1/atlas/3.png"));
        assertTrue(ApiGuard.expensive("/api/v1/duplicates"));
        assertTrue(ApiGuard.expensive("/api/v1/search"));
        assertTrue(!ApiGuard.expensive("/api/v1/collections/1/tokens/5/similar"));
    }
}
