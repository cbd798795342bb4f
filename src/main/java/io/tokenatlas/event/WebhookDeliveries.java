package io.tokenatlas.event;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Where each webhook's delivery stands, in plain SQL: claims with a lease (one replica delivers to
 * a webhook at a time), the position moved only after the receiver's 2xx, failures with a
 * doubling wait. Every write after a claim names the claimant, so a replica whose lease ran out
 * (and was taken over) changes nothing.
 */
@ApplicationScoped
public class WebhookDeliveries {
    private static final String CLAIM = """
            UPDATE webhook w SET lease_owner = ?, lease_until = now() + make_interval(secs => ?)
             WHERE w.id IN (
                   SELECT id FROM webhook
                    WHERE next_attempt_at <= now() AND cursor_seq < ?
                      AND (lease_until IS NULL OR lease_until < now())
                    ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED)
            RETURNING w.id, w.url, w.kinds, w.collection_ids, w.secret, w.cursor_seq
            """;
    private static final String DELIVERED = """
            UPDATE webhook
               SET cursor_seq = ?, delivered = delivered + 1, attempts = 0, failing_since = NULL, last_status = ?,
                   last_error = NULL, last_attempt_at = now(), next_attempt_at = now(),
                   lease_until = now() + make_interval(secs => ?)
             WHERE id = ? AND lease_owner = ?
            """;
    private static final String PASSED = "UPDATE webhook SET cursor_seq = greatest(cursor_seq, ?) WHERE id = ? AND lease_owner = ?";
    /** The wait before the next attempt doubles from 1 s with each failure in a row, up to a cap. */
    private static final String FAILED = """
            UPDATE webhook
               SET attempts = attempts + 1, failing_since = coalesce(failing_since, now()), last_status = ?,
                   last_error = ?, last_attempt_at = now(),
                   next_attempt_at = now() + make_interval(secs => least(?, power(2, least(attempts, 30)))),
                   lease_owner = NULL, lease_until = NULL
             WHERE id = ? AND lease_owner = ?
            """;
    private static final String RELEASE = "UPDATE webhook SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?";

    /** A webhook claimed for delivery, from its position. */
    public record Claimed(long id, String url, EventFilter filter, String secret, long position) {}

    private final AgroalDataSource dataSource;

    public WebhookDeliveries(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Claims up to {@code limit} webhooks that are due and behind {@code lastSeq}. */
    public List<Claimed> claimDue(String owner, Duration lease, long lastSeq, int limit) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(CLAIM)) {
            ps.setString(1, owner);
            ps.setDouble(2, lease.toMillis() / 1000.0);
            ps.setLong(3, lastSeq);
            ps.setInt(4, limit);
            List<Claimed> claimed = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String[] kinds = (String[]) rs.getArray(3).getArray();
                    Long[] collections = (Long[]) rs.getArray(4).getArray();
                    claimed.add(new Claimed(rs.getLong(1), rs.getString(2),
                            new EventFilter(Set.of(kinds), Set.copyOf(Arrays.asList(collections))), rs.getString(5),
                            rs.getLong(6)));
                }
            }
            return claimed;
        } catch (SQLException e) {
            throw new IllegalStateException("claiming webhooks to deliver failed: " + e.getMessage(), e);
        }
    }

    /** The receiver took event {@code seq}; false when this owner no longer holds the webhook. */
    public boolean delivered(long id, String owner, long seq, int status, Duration lease) {
        return update(DELIVERED, "recording a delivery to webhook " + id, ps -> {
            ps.setLong(1, seq);
            ps.setInt(2, status);
            ps.setDouble(3, lease.toMillis() / 1000.0);
            ps.setLong(4, id);
            ps.setString(5, owner);
        });
    }

    /** Every event up to {@code seq} has been delivered or passed over by the filter. */
    public boolean passed(long id, String owner, long seq) {
        return update(PASSED, "moving webhook " + id + " past event " + seq, ps -> {
            ps.setLong(1, seq);
            ps.setLong(2, id);
            ps.setString(3, owner);
        });
    }

    /** An attempt failed ({@code status} null when the receiver gave no answer); releases the webhook. */
    public boolean failed(long id, String owner, Integer status, String error, Duration maxBackoff) {
        return update(FAILED, "recording a failed delivery to webhook " + id, ps -> {
            if (status == null) {
                ps.setNull(1, java.sql.Types.INTEGER);
            } else {
                ps.setInt(1, status);
            }
            ps.setString(2, error);
            ps.setLong(3, Math.max(1, maxBackoff.toSeconds()));
            ps.setLong(4, id);
            ps.setString(5, owner);
        });
    }

    public boolean release(long id, String owner) {
        return update(RELEASE, "releasing webhook " + id, ps -> {
            ps.setLong(1, id);
            ps.setString(2, owner);
        });
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private boolean update(String sql, String what, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
        }
    }
}
