package io.tokenatlas.vector;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Keeps the planner's statistics of the vector tables fresh after bulk loads, without waiting for
 * autovacuum (which may be off, or behind after a backfill): a table that was never analysed, or
 * that changed by a tenth since, is analysed. Without statistics PostgreSQL costs a freshly loaded
 * table at a handful of rows and answers /similar by an exact scan instead of the HNSW index. Each
 * collection's partition of adapted_vector is analysed on its own, the first time as soon as it
 * holds rows.
 */
@ApplicationScoped
public class PlannerStatistics {
    private static final Logger LOG = Logger.getLogger(PlannerStatistics.class);
    /** The tables whose plans pick between an HNSW index and a scan; adapted_vector's partitions come with them. */
    static final List<String> TABLES = List.of("embedding", "token", "token_trait");
    /** Names of adapted_vector's partitions (one per collection), the only other names ever analysed. */
    private static final java.util.regex.Pattern PARTITION = java.util.regex.Pattern.compile("adapted_vector_[0-9]+");
    // A partitioned parent has no rows of its own: its partitions are what plans are costed on.
    private static final String STALE = """
            SELECT s.relname FROM pg_stat_user_tables s
             WHERE s.schemaname = current_schema()
               AND (s.relname = ANY (?)
                    OR s.relid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent = 'adapted_vector'::regclass))
               AND (s.n_mod_since_analyze >= greatest(?, 0.1 * greatest(s.n_live_tup, 0))
                    OR (s.last_analyze IS NULL AND s.last_autoanalyze IS NULL AND s.n_mod_since_analyze > 0))
            """;
    static final long MIN_CHANGES = 500;

    private final AgroalDataSource dataSource;

    public PlannerStatistics(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Scheduled(every = "10s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void check() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warnf("refreshing planner statistics failed: %s", e.getMessage());
        }
    }

    /** Analyses the tables whose statistics are stale; returns their names. */
    public List<String> refresh() {
        List<String> analysed = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(STALE)) {
                ps.setArray(1, c.createArrayOf("text", TABLES.toArray()));
                ps.setLong(2, MIN_CHANGES);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        analysed.add(rs.getString(1));
                    }
                }
            }
            for (String table : analysed) {
                try (Statement st = c.createStatement()) {
                    // The names come from TABLES, not from the database's answer alone.
                    if (TABLES.contains(table) || PARTITION.matcher(table).matches()) {
                        st.execute("ANALYZE " + table);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("refreshing planner statistics failed: " + e.getMessage(), e);
        }
        if (!analysed.isEmpty()) {
            LOG.debugf("analysed %s", analysed);
        }
        return analysed;
    }
}
