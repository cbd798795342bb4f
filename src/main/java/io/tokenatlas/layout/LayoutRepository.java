package io.tokenatlas.layout;

import io.agroal.api.AgroalDataSource;
import io.tokenatlas.layout.ClusterNames.Feature;
import io.tokenatlas.vector.TokenVector;
import com.pgvector.PGvector;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Layout versions, their points and clusters. */
@ApplicationScoped
public class LayoutRepository {
    private static final String VERSION_COLUMNS = """
            id, collection_id, version, model_id, (SELECT m.name FROM model m WHERE m.id = model_id),
            token_count, grid_cols, grid_rows, params::text, revision, inputs_read_at, created_at
            """;
    private static final String POINT_COLUMNS = "token_id, x, y, cell, cluster, provisional";

    /**
     * A vector stored in a transaction that began before a version read its inputs, but committed
     * after, carries a time (the transaction's start) before inputs_read_at: vectors this much
     * older than it are still looked at. The embedding stage's transactions last well under a second.
     */
    static final Duration OPEN_TRANSACTION_MARGIN = Duration.ofMinutes(10);

    private final AgroalDataSource dataSource;

    public LayoutRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The collection's current (latest) version. */
    public Optional<LayoutVersion> current(long collectionId) {
        String sql = "SELECT " + VERSION_COLUMNS + " FROM layout_version WHERE collection_id = ? ORDER BY version DESC LIMIT 1";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, collectionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(version(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("reading the layout of collection " + collectionId, e);
        }
    }

    /** Every version of a collection, newest first. */
    public List<LayoutVersion> versions(long collectionId) {
        String sql = "SELECT " + VERSION_COLUMNS + " FROM layout_version WHERE collection_id = ? ORDER BY version DESC";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, collectionId);
            List<LayoutVersion> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(version(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("reading the layouts of collection " + collectionId, e);
        }
    }

    /** Each token's position in a version, for aligning the next one. */
    public Map<BigInteger, double[]> positions(long layoutId) {
        Map<BigInteger, double[]> out = new HashMap<>();
        for (LayoutPoint p : points(layoutId)) {
            out.put(p.tokenId(), new double[] {p.x(), p.y()});
        }
        return out;
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
                        out.computeIfAbsent(id(rs, 1), k -> new HashSet<>())
                                .add(new Feature(rs.getString(2), rs.getString(3), false));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(tags)) {
                ps.setLong(1, collectionId);
                ps.setInt(2, modelId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.computeIfAbsent(id(rs, 1), k -> new HashSet<>())
                                .add(new Feature(null, rs.getString(2), true));
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("reading the traits of collection " + collectionId, e);
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
            throw failure("storing a layout of collection " + collectionId, e);
        }
    }

    /** How much a collection changed since a version: tokens that arrived after it and tokens that left it. */
    public record Drift(int arrived, int left) {
        public int total() {
            return arrived + left;
        }
    }

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
            ps.setTimestamp(3, arrivalsSince(v));
            ps.setLong(4, v.id());
            ps.setLong(5, v.id());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Drift(rs.getInt(1), v.tokenCount() - rs.getInt(2));
            }
        } catch (SQLException e) {
            throw failure("measuring the drift of layout " + v.id(), e);
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
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw failure("counting the vectors of collection " + collectionId, e);
        }
    }

    /** Removes the points of burned tokens from a version; returns how many. */
    @Transactional
    public int removeBurned(LayoutVersion v) {
        String sql = """
                DELETE FROM layout_point p USING token t
                 WHERE p.layout_id = ? AND t.collection_id = p.collection_id AND t.token_id = p.token_id AND t.burned
                """;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, v.id());
            int removed = ps.executeUpdate();
            if (removed > 0) {
                bumpRevision(c, v.id());
            }
            return removed;
        } catch (SQLException e) {
            throw failure("removing burned tokens from layout " + v.id(), e);
        }
    }

    /** Embedded live tokens of the version's model, stored since it read its inputs, that it does not hold yet. */
    public List<TokenVector> unplaced(LayoutVersion v, int limit) {
        String sql = """
                SELECT e.token_id, e.vector FROM embedding e JOIN token t USING (collection_id, token_id)
                 WHERE e.collection_id = ? AND e.model_id = ? AND e.created_at >= ? AND NOT t.burned
                   AND NOT EXISTS (SELECT 1 FROM layout_point p WHERE p.layout_id = ? AND p.token_id = e.token_id)
                 ORDER BY e.token_id LIMIT ?
                """;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, v.collectionId());
            ps.setInt(2, v.modelId());
            ps.setTimestamp(3, arrivalsSince(v));
            ps.setLong(4, v.id());
            ps.setInt(5, limit);
            List<TokenVector> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new TokenVector(id(rs, 1), new PGvector(rs.getString(2)).toArray()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("reading unplaced tokens of layout " + v.id(), e);
        }
    }

    /** The points of a version among {@code tokenIds}, by token id. */
    public Map<BigInteger, LayoutPoint> pointsOf(long layoutId, List<BigInteger> tokenIds) {
        String sql = "SELECT " + POINT_COLUMNS + " FROM layout_point WHERE layout_id = ? AND token_id = ANY (?::numeric[])";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, layoutId);
            ps.setArray(2, c.createArrayOf("numeric", tokenIds.stream().map(BigDecimal::new).toArray()));
            Map<BigInteger, LayoutPoint> out = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    LayoutPoint p = point(rs);
                    out.put(p.tokenId(), p);
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("reading points of layout " + layoutId, e);
        }
    }

    /** The grid cells a version's points hold. */
    public BitSet occupiedCells(long layoutId) {
        String sql = "SELECT cell FROM layout_point WHERE layout_id = ? AND cell IS NOT NULL";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, layoutId);
            BitSet out = new BitSet();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.set(rs.getInt(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("reading the grid of layout " + layoutId, e);
        }
    }

    /**
     * Adds provisional points to a version (a point whose token or cell was taken meanwhile is
     * skipped: safe to run twice, and by two replicas). Returns how many were added: none when the
     * version was pruned meanwhile (its row is locked first, so pruning waits for the points or
     * they wait for it; the tokens are then placed on the current version by the next upkeep).
     */
    @Transactional
    public int addProvisional(LayoutVersion v, List<BigInteger> tokenIds, List<Placement.Placed> placed) {
        String sql = """
                INSERT INTO layout_point (layout_id, collection_id, token_id, x, y, cell, cluster, provisional)
                SELECT ?, ?, p.token_id, p.x, p.y, p.cell, p.cluster, true
                  FROM unnest(?::numeric[], ?::real[], ?::real[], ?::integer[], ?::integer[]) AS p(token_id, x, y, cell, cluster)
                 WHERE EXISTS (SELECT 1 FROM token t WHERE t.collection_id = ? AND t.token_id = p.token_id)
                ON CONFLICT DO NOTHING
                """;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            try (PreparedStatement lock = c.prepareStatement("SELECT 1 FROM layout_version WHERE id = ? FOR KEY SHARE")) {
                lock.setLong(1, v.id());
                try (ResultSet rs = lock.executeQuery()) {
                    if (!rs.next()) {
                        return 0;
                    }
                }
            }
            ps.setLong(1, v.id());
            ps.setLong(2, v.collectionId());
            ps.setArray(3, c.createArrayOf("numeric", tokenIds.stream().map(BigDecimal::new).toArray()));
            ps.setArray(4, c.createArrayOf("real", placed.stream().map(p -> (float) p.x()).toArray()));
            ps.setArray(5, c.createArrayOf("real", placed.stream().map(p -> (float) p.y()).toArray()));
            ps.setArray(6, c.createArrayOf("integer", placed.stream().map(p -> p.cell() < 0 ? null : p.cell()).toArray()));
            ps.setArray(7, c.createArrayOf("integer", placed.stream().map(Placement.Placed::cluster).toArray()));
            ps.setLong(8, v.collectionId());
            int added = ps.executeUpdate();
            if (added > 0) {
                bumpRevision(c, v.id());
            }
            return added;
        } catch (SQLException e) {
            throw failure("placing tokens on layout " + v.id(), e);
        }
    }

    /** Every point of a version, by token id. */
    public List<LayoutPoint> points(long layoutId) {
        String sql = "SELECT " + POINT_COLUMNS + " FROM layout_point WHERE layout_id = ? ORDER BY token_id";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, layoutId);
            ps.setFetchSize(10_000);
            List<LayoutPoint> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(point(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("reading the points of layout " + layoutId, e);
        }
    }

    public List<LayoutComputation.Cluster> clusters(long layoutId) {
        String sql = "SELECT cluster, name, size, x, y FROM layout_cluster WHERE layout_id = ? ORDER BY cluster";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, layoutId);
            List<LayoutComputation.Cluster> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new LayoutComputation.Cluster(rs.getInt(1), rs.getString(2), rs.getInt(3), rs.getFloat(4),
                            rs.getFloat(5)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("reading the clusters of layout " + layoutId, e);
        }
    }

    /** A version's grid cells with the thumbnail (media sha256) of the token in each, by cell. */
    public record CellImage(int cell, String mediaSha256) {}

    public List<CellImage> cellImages(long layoutId) {
        String sql = """
                SELECT p.cell, t.media_sha256 FROM layout_point p JOIN token t USING (collection_id, token_id)
                 WHERE p.layout_id = ? AND p.cell IS NOT NULL ORDER BY p.cell
                """;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, layoutId);
            ps.setFetchSize(10_000);
            List<CellImage> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new CellImage(rs.getInt(1), rs.getString(2)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("reading the mosaic of layout " + layoutId, e);
        }
    }

    /** What identifies a version's current content: its id, revision and point count. */
    public String stateTag(long layoutId) {
        String sql = """
                SELECT v.revision, (SELECT count(*) FROM layout_point p WHERE p.layout_id = v.id)
                  FROM layout_version v WHERE v.id = ?
                """;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, layoutId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? layoutId + "." + rs.getInt(1) + "." + rs.getLong(2) : layoutId + ".gone";
            }
        } catch (SQLException e) {
            throw failure("reading the state of layout " + layoutId, e);
        }
    }

    /** The database's clock, read before a recompute reads its vectors. */
    public Instant databaseNow() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT clock_timestamp()");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        } catch (SQLException e) {
            throw failure("reading the database clock", e);
        }
    }

    /** Only vectors stored from here on can be missing from the version (see {@link #OPEN_TRANSACTION_MARGIN}). */
    private static Timestamp arrivalsSince(LayoutVersion v) {
        return Timestamp.from(v.inputsReadAt().minus(OPEN_TRANSACTION_MARGIN));
    }

    private static void bumpRevision(Connection c, long layoutId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE layout_version SET revision = revision + 1 WHERE id = ?")) {
            ps.setLong(1, layoutId);
            ps.executeUpdate();
        }
    }

    private static LayoutVersion version(ResultSet rs) throws SQLException {
        return new LayoutVersion(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getInt(4), rs.getString(5),
                rs.getInt(6), new Grid(rs.getInt(7), rs.getInt(8)), rs.getString(9), rs.getInt(10),
                rs.getTimestamp(11).toInstant(), rs.getTimestamp(12).toInstant());
    }

    private static LayoutPoint point(ResultSet rs) throws SQLException {
        int cell = rs.getInt(4);
        if (rs.wasNull()) {
            cell = -1;
        }
        return new LayoutPoint(id(rs, 1), rs.getFloat(2), rs.getFloat(3), cell, rs.getInt(5), rs.getBoolean(6));
    }

    private static BigInteger id(ResultSet rs, int column) throws SQLException {
        return rs.getBigDecimal(column).toBigIntegerExact();
    }

    private static IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException(what + " failed: " + e.getMessage(), e);
    }
}
