package io.tokenatlas.layout;

import io.agroal.api.AgroalDataSource;
import io.tokenatlas.layout.ClusterNames.Feature;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Layout versions: the current and kept ones, storing a recompute (with its points and clusters) and pruning old
 * ones, and what a recompute and its schedule read (drift, features, the database clock).
 */
@ApplicationScoped
public class LayoutVersions {
    private final AgroalDataSource dataSource;

    public LayoutVersions(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The collection's current (latest) version. */
    public Optional<LayoutVersion> current(long collectionId) {
        String sql = "SELECT " + LayoutRows.VERSION_COLUMNS + " FROM layout_version WHERE collection_id = ? ORDER BY version DESC LIMIT 1";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, collectionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(LayoutRows.version(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw LayoutRows.failure("reading the layout of collection " + collectionId, e);
        }
    }

    /** Every version of a collection, newest first. */
    public List<LayoutVersion> versions(long collectionId) {
        String sql = "SELECT " + LayoutRows.VERSION_COLUMNS + " FROM layout_version WHERE collection_id = ? ORDER BY version DESC";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, collectionId);
            List<LayoutVersion> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(LayoutRows.version(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw LayoutRows.failure("reading the layouts of collection " + collectionId, e);
        }
    }

    /** The traits and the model's tags of the collection's tokens. */
    public Map<BigInteger, Set<Feature>> features(long collectionId, int modelId) {
        Map<BigInteger, Set<Feature>> out = new HashMap<>();
        // Numeric and date traits (editions, levels, birthdays) name nothing.
        String traits = """
                SELECT token_id, trait_type, value FROM token_trait
                 WHERE collection_id = ? AND (display_type IS NULL OR display_type NOT IN
                       ('number', 'boost_number', 'boost_percentage', 'date'))
                """;
        String tags = "SELECT token_id, label FROM token_tag WHERE collection_id = ? AND model_id = ?";
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(traits)) {
                ps.setLong(1, collectionId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.computeIfAbsent(LayoutRows.id(rs, 1), k -> new HashSet<>())
                                .add(new Feature(rs.getString(2), rs.getString(3), false));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(tags)) {
                ps.setLong(1, collectionId);
                ps.setInt(2, modelId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.computeIfAbsent(LayoutRows.id(rs, 1), k -> new HashSet<>())
                                .add(new Feature(null, rs.getString(2), true));
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw LayoutRows.failure("reading the traits of collection " + collectionId, e);
        }
    }

    /**
     * Stores a recompute as the collection's next version, in one transaction, and deletes all but
     * the newest {@code keep} versions.
     */
    @Transactional
    public LayoutVersion store(long collectionId, int modelId, List<BigInteger> tokenIds,
            LayoutComputation.Output out, String paramsJson, Instant inputsReadAt, int keep) {
        String insertVersion = """
                INSERT INTO layout_version (collection_id, version, model_id, token_count, grid_cols, grid_rows, params,
                                            inputs_read_at)
                SELECT ?, coalesce(max(version), 0) + 1, ?, ?, ?, ?, ?::jsonb, ? FROM layout_version WHERE collection_id = ?
                RETURNING id
                """;
        String insertClusters = """
                INSERT INTO layout_cluster (layout_id, cluster, name, size, x, y)
                SELECT ?, * FROM unnest(?::integer[], ?::text[], ?::integer[], ?::real[], ?::real[])
                """;
        // Tokens gone since the vectors were read (a reorg) are skipped rather than failing the version.
        String insertPoints = """
                INSERT INTO layout_point (layout_id, collection_id, token_id, x, y, cell, cluster)
                SELECT ?, ?, p.token_id, p.x, p.y, p.cell, p.cluster
                  FROM unnest(?::numeric[], ?::real[], ?::real[], ?::integer[], ?::integer[]) AS p(token_id, x, y, cell, cluster)
                 WHERE EXISTS (SELECT 1 FROM token t WHERE t.collection_id = ? AND t.token_id = p.token_id)
                """;
        String prune = """
                DELETE FROM layout_version WHERE collection_id = ? AND version <= (
                    SELECT max(version) - ? FROM layout_version WHERE collection_id = ?)
                """;
        int n = tokenIds.size();
        try (Connection c = dataSource.getConnection()) {
            long layoutId;
            try (PreparedStatement ps = c.prepareStatement(insertVersion)) {
                ps.setLong(1, collectionId);
                ps.setInt(2, modelId);
                ps.setInt(3, n);
                ps.setInt(4, out.grid().cols());
                ps.setInt(5, out.grid().rows());
                ps.setString(6, paramsJson);
                ps.setTimestamp(7, Timestamp.from(inputsReadAt));
                ps.setLong(8, collectionId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    layoutId = rs.getLong(1);
                }
            }
            var clusters = out.clusters();
            try (PreparedStatement ps = c.prepareStatement(insertClusters)) {
                ps.setLong(1, layoutId);
                ps.setArray(2, c.createArrayOf("integer", clusters.stream().map(k -> k.id()).toArray()));
                ps.setArray(3, c.createArrayOf("text", clusters.stream().map(k -> k.name()).toArray()));
                ps.setArray(4, c.createArrayOf("integer", clusters.stream().map(k -> k.size()).toArray()));
                ps.setArray(5, c.createArrayOf("real", clusters.stream().map(k -> (float) k.x()).toArray()));
                ps.setArray(6, c.createArrayOf("real", clusters.stream().map(k -> (float) k.y()).toArray()));
                ps.executeUpdate();
            }
            Object[] ids = new Object[n];
            Object[] xs = new Object[n];
            Object[] ys = new Object[n];
            Object[] cells = new Object[n];
            Object[] clusterOf = new Object[n];
            for (int i = 0; i < n; i++) {
                ids[i] = new BigDecimal(tokenIds.get(i));
                xs[i] = (float) out.xy()[i][0];
                ys[i] = (float) out.xy()[i][1];
                cells[i] = out.cells()[i];
                clusterOf[i] = out.clusterOf()[i];
            }
            try (PreparedStatement ps = c.prepareStatement(insertPoints)) {
                ps.setLong(1, layoutId);
                ps.setLong(2, collectionId);
                ps.setArray(3, c.createArrayOf("numeric", ids));
                ps.setArray(4, c.createArrayOf("real", xs));
                ps.setArray(5, c.createArrayOf("real", ys));
                ps.setArray(6, c.createArrayOf("integer", cells));
                ps.setArray(7, c.createArrayOf("integer", clusterOf));
                ps.setLong(8, collectionId);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(prune)) {
                ps.setLong(1, collectionId);
                ps.setInt(2, Math.max(1, keep));
                ps.setLong(3, collectionId);
                ps.executeUpdate();
            }
            return current(collectionId).orElseThrow();
        } catch (SQLException e) {
            throw LayoutRows.failure("storing a layout of collection " + collectionId, e);
        }
    }

    /** How much a collection changed since a version: tokens that arrived after it and tokens that left it. */
    public record Drift(int arrived, int left) {
        public int total() {
            return arrived + left;
        }
    }

    /**
     * Longest the counts that decide a recompute may run. Planned on the statistics of empty
     * tables right after a bulk load, a count of 100,000 tokens ran for minutes as a nested loop
     * and held every collection's map back; cut short, it is asked again at the next check, by
     * when vector.PlannerStatistics has analysed the tables.
     */
    static final int COUNT_TIMEOUT_SECONDS = 30;

    public Drift drift(LayoutVersion v) {
        String sql = """
                SELECT (SELECT count(*) FROM embedding e JOIN token t USING (collection_id, token_id)
                         WHERE e.collection_id = ? AND e.model_id = ? AND e.created_at >= ? AND NOT t.burned
                           AND NOT EXISTS (SELECT 1 FROM layout_point p WHERE p.layout_id = ? AND p.token_id = e.token_id
                                              AND NOT p.provisional)),
                       (SELECT count(*) FROM layout_point p WHERE p.layout_id = ? AND NOT p.provisional)
                """;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, v.collectionId());
            ps.setInt(2, v.modelId());
            ps.setTimestamp(3, LayoutRows.arrivalsSince(v));
            ps.setLong(4, v.id());
            ps.setLong(5, v.id());
            ps.setQueryTimeout(COUNT_TIMEOUT_SECONDS);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Drift(rs.getInt(1), v.tokenCount() - rs.getInt(2));
            }
        } catch (SQLException e) {
            throw LayoutRows.failure("measuring the drift of layout " + v.id(), e);
        }
    }

    /** The collection's tokens still on their way through the pipeline, counted up to {@code limit}. */
    public int pendingCount(long collectionId, int limit) {
        String sql = """
                SELECT count(*) FROM (SELECT 1 FROM token WHERE collection_id = ? AND NOT burned
                   AND state IN ('DISCOVERED', 'METADATA_RESOLVED', 'IMAGE_FETCHED') LIMIT ?) pending
                """;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, collectionId);
            ps.setInt(2, limit);
            ps.setQueryTimeout(COUNT_TIMEOUT_SECONDS);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw LayoutRows.failure("counting the pending tokens of collection " + collectionId, e);
        }
    }

    /** Live tokens with a vector of the model. */
    public int embeddedCount(long collectionId, int modelId) {
        String sql = """
                SELECT count(*) FROM embedding e JOIN token t USING (collection_id, token_id)
                 WHERE e.collection_id = ? AND e.model_id = ? AND NOT t.burned
                """;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, collectionId);
            ps.setInt(2, modelId);
            ps.setQueryTimeout(COUNT_TIMEOUT_SECONDS);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw LayoutRows.failure("counting the vectors of collection " + collectionId, e);
        }
    }

    /** The database's clock, read before a recompute reads its vectors. */
    public Instant databaseNow() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT clock_timestamp()");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        } catch (SQLException e) {
            throw LayoutRows.failure("reading the database clock", e);
        }
    }
}
