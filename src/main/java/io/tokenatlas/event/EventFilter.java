package io.tokenatlas.event;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which events a stream or a webhook wants: some kinds and some collections (empty: all of
 * either).
 */
public record EventFilter(Set<String> kinds, Set<Long> collections) {
    public static final EventFilter ALL = new EventFilter(Set.of(), Set.of());

    public EventFilter {
        kinds = Set.copyOf(kinds);
        collections = Set.copyOf(collections);
    }

    /**
     * A filter from the values a client gave (each may be a comma-separated list); refuses unknown
     * kinds and ids that are not positive numbers, naming them.
     */
    public static EventFilter parse(List<String> kinds, List<String> collections) {
        Set<String> wantedKinds = new LinkedHashSet<>();
        for (String kind : split(kinds)) {
            if (!EventKind.names().contains(kind)) {
                throw new IllegalArgumentException("'" + kind + "' is not an event kind; the kinds are " + EventKind.names());
            }
            wantedKinds.add(kind);
        }
        Set<Long> wantedCollections = new LinkedHashSet<>();
        for (String id : split(collections)) {
            long parsed;
            try {
                parsed = Long.parseLong(id);
            } catch (NumberFormatException e) {
                parsed = 0;
            }
            if (parsed <= 0) {
                throw new IllegalArgumentException("'" + id + "' is not a collection id");
            }
            wantedCollections.add(parsed);
        }
        return new EventFilter(wantedKinds, wantedCollections);
    }

    private static List<String> split(List<String> values) {
        List<String> parts = new ArrayList<>();
        for (String value : values == null ? List.<String>of() : values) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    parts.add(part.strip());
                }
            }
        }
        return parts;
    }

    public boolean matches(Event event) {
        return (kinds.isEmpty() || kinds.contains(event.kind()))
                && (collections.isEmpty() || collections.contains(event.collectionId()));
    }
}
