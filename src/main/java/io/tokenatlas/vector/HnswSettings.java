package io.tokenatlas.vector;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The pgvector settings of one nearest-neighbour search, set for the transaction it runs in (one
 * round trip): relaxed iterative scans, which go on walking the index until the filters have let k
 * rows through, and a candidate list that grows with k (pgvector's default of 40 finds about 0.88
 * of the true 20 nearest in a 100,000-token collection, 120 about 0.96).
 */
public final class HnswSettings {
    static final int MIN_CANDIDATES = 40;
    static final int MAX_CANDIDATES = 1000;
    static final String SET = """
            SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true), set_config('hnsw.ef_search', ?, true)
            """;

    private HnswSettings() {}

    /** hnsw.ef_search for k results (public for the benchmarks' JDBC references, which set the same). */
    public static int candidates(int k, int perResult) {
        return (int) Math.max(MIN_CANDIDATES, Math.min(MAX_CANDIDATES, (long) k * perResult));
    }

    /** Applies the settings to the connection's current transaction. */
    static void apply(Connection c, int k, int perResult) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SET)) {
            ps.setString(1, Integer.toString(candidates(k, perResult)));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
            }
        }
    }
}
