package io.tokenatlas.layout;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;

/**
 * The columns and rows the layout repositories share. Pure mapping, no queries of its own.
 */
final class LayoutRows {
    private LayoutRows() {}

    static final String VERSION_COLUMNS = """
            id, collection_id, version, model_id, (SELECT m.name FROM model m WHERE m.id = model_id),
            token_count, grid_cols, grid_rows, params::text, revision, inputs_read_at, created_at
            """;

    static final String POINT_COLUMNS = "token_id, x, y, cell, cluster, provisional";

    /**
     * A vector stored in a transaction that began before a version read its inputs, but committed
     * after, carries a time (the transaction's start) before inputs_read_at: vectors this much
     * older than it are still looked at. The embedding stage's transactions last well under a second.
     */
    static final Duration OPEN_TRANSACTION_MARGIN = Duration.ofMinutes(10);

    /** Only vectors stored from here on can be missing from the version (see {@link #OPEN_TRANSACTION_MARGIN}). */
    static Timestamp arrivalsSince(LayoutVersion v) {
        return Timestamp.from(v.inputsReadAt().minus(OPEN_TRANSACTION_MARGIN));
    }

    static void bumpRevision(Connection c, long layoutId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE layout_version SET revision = revision + 1 WHERE id = ?")) {
            ps.setLong(1, layoutId);
            ps.executeUpdate();
        }
    }

    static LayoutVersion version(ResultSet rs) throws SQLException {
        return new LayoutVersion(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getInt(4), rs.getString(5),
                rs.getInt(6), new Grid(rs.getInt(7), rs.getInt(8)), rs.getString(9), rs.getInt(10),
                rs.getTimestamp(11).toInstant(), rs.getTimestamp(12).toInstant());
    }

    static LayoutPoint point(ResultSet rs) throws SQLException {
        int cell = rs.getInt(4);
        if (rs.wasNull()) {
            cell = -1;
        }
        return new LayoutPoint(id(rs, 1), rs.getFloat(2), rs.getFloat(3), cell, rs.getInt(5), rs.getBoolean(6));
    }

    static BigInteger id(ResultSet rs, int column) throws SQLException {
        return rs.getBigDecimal(column).toBigIntegerExact();
    }

    static IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException(what + " failed: " + e.getMessage(), e);
    }
}
