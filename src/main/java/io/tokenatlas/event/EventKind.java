package io.tokenatlas.event;

import java.util.Arrays;
import java.util.List;

/** The kinds of events, by the names clients filter on and receive. */
public enum EventKind {
    TOKEN_INDEXED("token.indexed"),
    TOKEN_REFRESHED("token.refreshed"),
    TOKEN_FAILED("token.failed"),
    TOKEN_BURNED("token.burned"),
    MAP_VERSION("map.version"),
    COLLECTION_STATUS("collection.status"),
    COLLECTION_DELETED("collection.deleted"),
    COPYMINT_MATCH("copymint.match");

    private final String wireName;

    EventKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Every kind's name. */
    public static List<String> names() {
        return Arrays.stream(values()).map(EventKind::wireName).toList();
    }
}
