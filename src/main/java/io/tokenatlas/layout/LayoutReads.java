package io.tokenatlas.layout;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the map, the mosaic and the next recompute read of a version: points, clusters, cell images, the
 * state tag.
 */
@ApplicationScoped
public class LayoutReads {
    private final AgroalDataSource dataSource;

    public LayoutReads(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Each token's position in a version, for aligning the next one. */
    public Map<BigInteger, double[]> positions(long layoutId) {
        Map<BigInteger, double[]> out = new HashMap<>();
        for (LayoutPoint p : points(layoutId)) {
            out.put(p.tokenId(), new double[] {p.x(), p.y()});
        }
        return out;
    }

    /** Every point of a version, by token id. */
    public List<LayoutPoint> points(long layoutId) {
        String sql = "SELECT " + LayoutRows.POINT_COLUMNS + " FROM layout_point WHERE layout_id = ? ORDER BY token_id";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, layoutId);
            ps.setFetchSize(10_000);
            List<LayoutPoint> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(LayoutRows.point(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw LayoutRows.failure("reading the points of layout " + layoutId, e);
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
            throw LayoutRows.failure("reading the clusters of layout " + layoutId, e);
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
            throw LayoutRows.failure("reading the mosaic of layout " + layoutId, e);
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
            throw LayoutRows.failure("reading the state of layout " + layoutId, e);
        }
    }
}
