package io.tokenatlas.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventFilterTest {
    static Event event(String kind, long collection) {
        return new Event(1, kind, collection, BigInteger.ONE, "{}", Instant.EPOCH);
    }

    @Test
    void kindsAndCollectionsComeRepeatedOrCommaSeparated() {
        EventFilter filter = EventFilter.parse(List.of("token.indexed, map.version", "token.failed"), List.of("3,4", "9"));
        assertEquals(Set.of("token.indexed", "map.version", "token.failed"), filter.kinds());
        assertEquals(Set.of(3L, 4L, 9L), filter.collections());
        assertTrue(filter.matches(event("map.version", 4)));
        assertFalse(filter.matches(event("map.version", 5)));
        assertFalse(filter.matches(event("token.burned", 3)));
    }

    @Test
    void nothingNamedMeansEverything() {
        EventFilter filter = EventFilter.parse(null, List.of());
        assertEquals(EventFilter.ALL, filter);
        assertTrue(filter.matches(event("collection.deleted", 77)));
    }

    @Test
    void unknownKindsAndBadIdsAreRefusedByName() {
        assertEquals("'token.sold' is not an event kind; the kinds are " + EventKind.names(),
                assertThrows(IllegalArgumentException.class, () -> EventFilter.parse(List.of("token.sold"), null)).getMessage());
        assertEquals("'x' is not a collection id",
                assertThrows(IllegalArgumentException.class, () -> EventFilter.parse(null, List.of("x"))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> EventFilter.parse(null, List.of("-2")));
    }

    @Test
    void anEventIsSentAsTypeTimestampAndData() {
        Event event = new Event(7, "token.failed", 2, new BigInteger("115792089237316195423570985008687907853269984665640564039457584007913129639935"),
                "{\"stage\":\"image\",\"error\":\"too large\"}", Instant.parse("2026-12-05T10:00:00Z"));
        assertEquals("{\"type\":\"token.failed\",\"timestamp\":\"2026-12-05T10:00:00Z\",\"data\":{\"collection\":2,"
                + "\"tokenId\":\"115792089237316195423570985008687907853269984665640564039457584007913129639935\","
                + "\"stage\":\"image\",\"error\":\"too large\"}}", event.json());
    }
}
