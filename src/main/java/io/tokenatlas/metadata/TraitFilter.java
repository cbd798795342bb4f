package io.tokenatlas.metadata;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Trait conditions such as {@code Background:Blue}: a token matches when, for every trait type
 * named, it has one of the values given for it (values of one type are alternatives, types must
 * all match), compared without regard to case.
 */
public record TraitFilter(Map<String, Set<String>> valuesByType) {
    /** Most conditions one request may carry. */
    public static final int MAX_CONDITIONS = 20;

    /**
     * The condition on a row aliased {@code alias} with columns collection_id and token_id; its
     * parameters (types, values, number of types) are bound by {@link #bind}.
     */
    public static String sql(String alias) {
        return """
                (cardinality(?::text[]) = 0 OR (
                    SELECT count(DISTINCT lower(r.trait_type)) FROM token_trait r
                      JOIN unnest(?::text[], ?::text[]) AS f(type, value)
                        ON lower(r.trait_type) = f.type AND lower(r.value) = f.value
                     WHERE r.collection_id = %1$s.collection_id AND r.token_id = %1$s.token_id) = ?)
                """.formatted(alias);
    }

    public static TraitFilter none() {
        return new TraitFilter(Map.of());
    }

    /**
     * Parses {@code type:value} conditions (the first colon separates them; a value may hold
     * more). Throws IllegalArgumentException with a message for the user.
     */
    public static TraitFilter parse(List<String> conditions) {
        if (conditions == null || conditions.isEmpty()) {
            return none();
        }
        if (conditions.size() > MAX_CONDITIONS) {
            throw new IllegalArgumentException("at most " + MAX_CONDITIONS + " trait conditions, got " + conditions.size());
        }
        Map<String, Set<String>> byType = new LinkedHashMap<>();
        for (String condition : conditions) {
            int colon = condition == null ? -1 : condition.indexOf(':');
            if (colon <= 0 || colon == condition.length() - 1) {
                throw new IllegalArgumentException("a trait condition is type:value, e.g. trait=Background:Blue; got '"
                        + condition + "'");
            }
            String type = condition.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = condition.substring(colon + 1).strip().toLowerCase(Locale.ROOT);
            if (type.isEmpty() || value.isEmpty()) {
                throw new IllegalArgumentException("a trait condition needs a type and a value, got '" + condition + "'");
            }
            byType.computeIfAbsent(type, t -> new LinkedHashSet<>()).add(value);
        }
        return new TraitFilter(byType);
    }

    public boolean isEmpty() {
        return valuesByType.isEmpty();
    }

    /** Binds the parameters of {@link #sql} from {@code index}; returns the next free index. */
    public int bind(Connection c, PreparedStatement ps, int index) throws SQLException {
        List<String> types = new ArrayList<>();
        List<String> values = new ArrayList<>();
        valuesByType.forEach((type, vs) -> vs.forEach(v -> {
            types.add(type);
            values.add(v);
        }));
        Array typeArray = c.createArrayOf("text", types.toArray());
        ps.setArray(index, typeArray);
        ps.setArray(index + 1, typeArray);
        ps.setArray(index + 2, c.createArrayOf("text", values.toArray()));
        ps.setInt(index + 3, valuesByType.size());
        return index + 4;
    }
}
