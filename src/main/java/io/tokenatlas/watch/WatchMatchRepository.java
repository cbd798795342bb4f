package io.tokenatlas.watch;

import io.agroal.api.AgroalDataSource;
import io.tokenatlas.media.PerceptualHash;
import io.tokenatlas.vector.DuplicateRepository;
import io.tokenatlas.vector.DuplicateRepository.HashedToken;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Matches and what finding them reads. The watcher's pass over the event log is one transaction:
 * the cursor row locked (one replica at a time), the tokens indexed or refreshed since it, the
 * matches found recorded and the cursor moved past them together, so a crash compares again and
 * never records a match twice.
 */
@ApplicationScoped
public class WatchMatchRepository {
    private static final String LOCK = "SELECT last_seq FROM watch_cursor FOR UPDATE SKIP LOCKED";
    private static final String CURSOR = "SELECT last_seq FROM watch_cursor";
    private static final String ADVANCE = "UPDATE watch_cursor SET last_seq = ?";
    private static final String SEQUENCED = "SELECT last_seq FROM event_sequence";
    private static final String NEW_TOKENS = """
            SELECT seq, collection_id, token_id FROM event_log
             WHERE seq > ? AND seq <= ? AND kind IN ('token.indexed', 'token.refreshed')
             ORDER BY seq LIMIT ?
            """;
    private static final String WATCHES = """
            SELECT id, collection_id, token_id, min_similarity, max_distance, from_seq FROM watch ORDER BY id
            """;
    private static final String MATCHES = """
            SELECT id, watch_id, collection_id, token_id, original_token_id, evidence::text, found_at
              FROM watch_match WHERE watch_id = ? AND id > ? ORDER BY id LIMIT ?
            """;
    private static final String HASHED = DuplicateRepository.HASHED_TOKENS;
    private static final String HASHED_OF_COLLECTION = HASHED + " AND t.collection_id = ? AND (?::numeric IS NULL OR t.token_id = ?)";
    private static final String HASHED_OF_TOKENS = HASHED + """
             AND (t.collection_id, t.token_id) IN (SELECT * FROM unnest(?::bigint[], ?::numeric[]))
            """;
    private static final String INSERT_MATCH = """
            INSERT INTO watch_match (watch_id, collection_id, token_id, original_token_id, evidence)
            VALUES (?, ?, ?, ?, ?::jsonb) ON CONFLICT (watch_id, collection_id, token_id) DO NOTHING
            """;

    /** A token indexed or refreshed, by the event that said so. */
    public record NewToken(long seq, long collectionId, BigInteger tokenId) {}

    /** A match to record; {@code evidence} is a JSON object. */
    public record Found(long watchId, long collectionId, BigInteger tokenId, BigInteger originalTokenId, String evidence) {}

    /** Compares new tokens with the watches (reading what it needs on its own connections). */
    public interface Comparison {
        List<Found> compare(List<Watch> watches, List<NewToken> tokens);
    }

    private final AgroalDataSource dataSource;

    public WatchMatchRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Compares up to {@code batch} new tokens and records the matches; returns how many tokens were
     * compared, or -1 when another replica is scanning.
     */
    public int scan(int batch, Comparison comparison) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int compared = scan(c, batch, comparison);
                c.commit();
                return compared;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("comparing new tokens with the copymint watches failed: " + e.getMessage(), e);
        }
    }

    private static int scan(Connection c, int batch, Comparison comparison) throws SQLException {
        long sequenced = single(c, SEQUENCED);
        // Read before locking: an idle log costs no row lock, so no write.
        if (single(c, CURSOR) >= sequenced) {
            return 0;
        }
        long cursor;
        try (PreparedStatement ps = c.prepareStatement(LOCK); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return -1;
            }
            cursor = rs.getLong(1);
        }
        if (cursor >= sequenced) {
            return 0;
        }
        List<Watch> watches = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(WATCHES); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                BigDecimal token = rs.getBigDecimal(3);
                watches.add(new Watch(rs.getLong(1), rs.getLong(2), token == null ? null : token.toBigIntegerExact(),
                        rs.getDouble(4), rs.getInt(5), rs.getLong(6), null, 0));
            }
        }
        List<NewToken> tokens = new ArrayList<>();
        if (!watches.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(NEW_TOKENS)) {
                ps.setLong(1, cursor);
                ps.setLong(2, sequenced);
                ps.setInt(3, batch);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tokens.add(new NewToken(rs.getLong(1), rs.getLong(2), rs.getBigDecimal(3).toBigIntegerExact()));
                    }
                }
            }
        }
        if (!tokens.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(INSERT_MATCH)) {
                for (Found f : comparison.compare(watches, tokens)) {
                    ps.setLong(1, f.watchId());
                    ps.setLong(2, f.collectionId());
                    ps.setBigDecimal(3, new BigDecimal(f.tokenId()));
                    ps.setBigDecimal(4, new BigDecimal(f.originalTokenId()));
                    ps.setString(5, f.evidence());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        // A full batch stops at its last token; a short one has seen every token up to what was sequenced.
        long through = tokens.size() == batch ? tokens.getLast().seq() : sequenced;
        try (PreparedStatement ps = c.prepareStatement(ADVANCE)) {
            ps.setLong(1, through);
            ps.executeUpdate();
        }
        return tokens.size();
    }

    /** A watch's matches by id after {@code after}. */
    public List<WatchMatch> matches(long watchId, long after, int limit) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(MATCHES)) {
            ps.setLong(1, watchId);
            ps.setLong(2, after);
            ps.setInt(3, limit);
            List<WatchMatch> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new WatchMatch(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getBigDecimal(4).toBigIntegerExact(),
                            rs.getBigDecimal(5).toBigIntegerExact(), rs.getString(6),
                            rs.getObject(7, java.time.OffsetDateTime.class).toInstant()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("reading the matches of watch " + watchId + " failed: " + e.getMessage(), e);
        }
    }

    /** The live hashed tokens a watch covers: its collection's, or its one token. */
    public List<HashedToken> watched(Watch watch) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(HASHED_OF_COLLECTION)) {
            ps.setInt(1, PerceptualHash.VERSION);
            ps.setLong(2, watch.collectionId());
            BigDecimal token = watch.tokenId() == null ? null : new BigDecimal(watch.tokenId());
            ps.setBigDecimal(3, token);
            ps.setBigDecimal(4, token);
            return DuplicateRepository.hashed(ps);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the image hashes of watch " + watch.id() + " failed: " + e.getMessage(), e);
        }
    }

    /** The live hashed tokens among these (collection, token) pairs; tokens without a hashed image are left out. */
    public List<HashedToken> hashed(List<Long> collections, List<BigInteger> tokens) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(HASHED_OF_TOKENS)) {
            ps.setInt(1, PerceptualHash.VERSION);
            ps.setArray(2, c.createArrayOf("bigint", collections.toArray()));
            ps.setArray(3, c.createArrayOf("numeric", tokens.stream().map(BigDecimal::new).toArray()));
            return DuplicateRepository.hashed(ps);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the image hashes of " + tokens.size() + " new tokens failed: "
                    + e.getMessage(), e);
        }
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
