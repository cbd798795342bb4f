package io.tokenatlas.event;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The event log's SQL: ordering newly committed events, reading them in order, forgetting old ones. */
@ApplicationScoped
public class EventLog {
    /** The sequencer's lock: the one row of event_sequence, skipped when another replica holds it. */
    private static final String LOCK = "SELECT last_seq FROM event_sequence FOR UPDATE SKIP LOCKED";
    private static final String LAST = "SELECT last_seq FROM event_sequence";
    /** Whether anything waits for a seq: read without a lock, so an idle log costs no write. */
    private static final String PENDING = "SELECT EXISTS (SELECT 1 FROM event_log WHERE seq IS NULL)";
    /** Numbers the committed events that have no seq yet, after {@code base}, in the order they were written. */
    private static final String NUMBER = """
            WITH pending AS (
                SELECT id, row_number() OVER (ORDER BY id) AS n
                  FROM event_log WHERE seq IS NULL ORDER BY id LIMIT ?)
            UPDATE event_log e SET seq = ? + p.n FROM pending p WHERE e.id = p.id
            """;
    private static final String ADVANCE = "UPDATE event_sequence SET last_seq = ?";
    private static final String AFTER = """
            SELECT seq, kind, collection_id, token_id, data::text, created_at
              FROM event_log
             WHERE seq > ? AND seq <= ?
               AND (cardinality(?::text[]) = 0 OR kind = ANY (?::text[]))
               AND (cardinality(?::bigint[]) = 0 OR collection_id = ANY (?::bigint[]))
             ORDER BY seq
             LIMIT ?
            """;
    private static final String OLDEST = "SELECT min(seq) FROM event_log";
    private static final String PRUNE = """
            DELETE FROM event_log WHERE id IN (
                SELECT id FROM event_log WHERE created_at < now() - make_interval(secs => ?) AND seq IS NOT NULL LIMIT ?)
            """;

    private final AgroalDataSource dataSource;

    public EventLog(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Gives the next seq numbers to up to {@code batch} events committed since the last run and
     * returns the last seq given (by this run or an earlier one). One replica at a time: while
     * another holds the sequencer this returns at once with the last seq it can see.
     */
    public long sequence(int batch) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                long last = sequence(c, batch);
                c.commit();
                return last;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("ordering new events failed: " + e.getMessage(), e);
        }
    }

    private static long sequence(Connection c, int batch) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(PENDING); ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return lastSeq(c);
            }
        }
        long base;
        try (PreparedStatement ps = c.prepareStatement(LOCK); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return lastSeq(c);
            }
            base = rs.getLong(1);
        }
        int numbered;
        try (PreparedStatement ps = c.prepareStatement(NUMBER)) {
            ps.setInt(1, batch);
            ps.setLong(2, base);
            numbered = ps.executeUpdate();
        }
        if (numbered > 0) {
            try (PreparedStatement ps = c.prepareStatement(ADVANCE)) {
                ps.setLong(1, base + numbered);
                ps.executeUpdate();
            }
        }
        return base + numbered;
    }

    /** The last seq given. */
    public long lastSeq() {
        try (Connection c = dataSource.getConnection()) {
            return lastSeq(c);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the last event's seq failed: " + e.getMessage(), e);
        }
    }

    private static long lastSeq(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LAST); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The oldest seq still kept, or empty when the log is empty. */
    public java.util.OptionalLong oldestSeq() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(OLDEST);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            long oldest = rs.getLong(1);
            return rs.wasNull() ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(oldest);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the oldest event failed: " + e.getMessage(), e);
        }
    }

    /** Up to {@code limit} events the filter wants with seq in (after, upTo], in order. */
    public List<Event> read(long after, long upTo, EventFilter filter, int limit) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(AFTER)) {
            var kinds = c.createArrayOf("text", filter.kinds().toArray());
            var collections = c.createArrayOf("bigint", filter.collections().toArray());
            ps.setLong(1, after);
            ps.setLong(2, upTo);
            ps.setArray(3, kinds);
            ps.setArray(4, kinds);
            ps.setArray(5, collections);
            ps.setArray(6, collections);
            ps.setInt(7, limit);
            List<Event> events = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    var token = rs.getBigDecimal(4);
                    events.add(new Event(rs.getLong(1), rs.getString(2), rs.getLong(3),
                            token == null ? null : token.toBigIntegerExact(), rs.getString(5),
                            rs.getObject(6, java.time.OffsetDateTime.class).toInstant()));
                }
            }
            return events;
        } catch (SQLException e) {
            throw new IllegalStateException("reading events after " + after + " failed: " + e.getMessage(), e);
        }
    }

    /** Deletes up to {@code batch} events older than {@code retention}; returns how many. */
    public int prune(Duration retention, int batch) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(PRUNE)) {
            ps.setDouble(1, retention.toMillis() / 1000.0);
            ps.setInt(2, batch);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("deleting old events failed: " + e.getMessage(), e);
        }
    }
}
