package io.tokenatlas.layout;

import io.agroal.api.AgroalDataSource;
import io.tokenatlas.embedding.Vectors;
import io.tokenatlas.vector.TokenVector;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The points of the current version as the collection changes: new tokens placed provisionally, burned ones
 * taken off (what {@link LayoutUpkeep} does between recomputes).
 */
@ApplicationScoped
public class LayoutPoints {
    private final AgroalDataSource dataSource;

    public LayoutPoints(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
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
                LayoutRows.bumpRevision(c, v.id());
            }
            return removed;
        } catch (SQLException e) {
            throw LayoutRows.failure("removing burned tokens from layout " + v.id(), e);
        }
    }

    /** Embedded live tokens of the version's model, stored since it read its inputs, that it does not hold yet. */
    public List<TokenVector> unplaced(LayoutVersion v, int limit) {
        String sql = """
                SELECT e.token_id, vector_send(e.vector) FROM embedding e JOIN token t USING (collection_id, token_id)
                 WHERE e.collection_id = ? AND e.model_id = ? AND e.created_at >= ? AND NOT t.burned
                   AND NOT EXISTS (SELECT 1 FROM layout_point p WHERE p.layout_id = ? AND p.token_id = e.token_id)
                 ORDER BY e.token_id LIMIT ?
                """;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, v.collectionId());
            ps.setInt(2, v.modelId());
            ps.setTimestamp(3, LayoutRows.arrivalsSince(v));
            ps.setLong(4, v.id());
            ps.setInt(5, limit);
            List<TokenVector> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new TokenVector(LayoutRows.id(rs, 1), Vectors.fromBinary(rs.getBytes(2))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw LayoutRows.failure("reading unplaced tokens of layout " + v.id(), e);
        }
    }

    /** The points of a version among {@code tokenIds}, by token id. */
    public Map<BigInteger, LayoutPoint> pointsOf(long layoutId, List<BigInteger> tokenIds) {
        String sql = "SELECT " + LayoutRows.POINT_COLUMNS + " FROM layout_point WHERE layout_id = ? AND token_id = ANY (?::numeric[])";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, layoutId);
            ps.setArray(2, c.createArrayOf("numeric", tokenIds.stream().map(BigDecimal::new).toArray()));
            Map<BigInteger, LayoutPoint> out = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    LayoutPoint p = LayoutRows.point(rs);
                    out.put(p.tokenId(), p);
                }
            }
            return out;
        } catch (SQLException e) {
            throw LayoutRows.failure("reading points of layout " + layoutId, e);
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
            throw LayoutRows.failure("reading the grid of layout " + layoutId, e);
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
                LayoutRows.bumpRevision(c, v.id());
            }
            return added;
        } catch (SQLException e) {
            throw LayoutRows.failure("placing tokens on layout " + v.id(), e);
        }
    }
}
