package io.tokenatlas.embedding;

import com.pgvector.PGvector;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The fits of the collections' adapted descriptors and the adapted vectors (see {@link AdaptedDescriptor}). */
@ApplicationScoped
public class AdaptedRepository {
    /** A fit as stored. */
    public record StoredFit(int version, Instant inputsReadAt, byte[] fit) {}

    /** A stored vector to project: the token, its vector, and when it was embedded. */
    public record Source(BigInteger tokenId, float[] vector, Timestamp embeddedAt) {}

    private static final String CURRENT_VERSION = """
            SELECT version, inputs_read_at FROM descriptor_fit WHERE collection_id = ? AND model_id = ?
             ORDER BY version DESC LIMIT 1
            """;
    private static final String FIT = "SELECT fit FROM descriptor_fit WHERE collection_id = ? AND model_id = ? AND version = ?";
    // A fixed pseudo-random sample (by a hash of the id), so a refit of an unchanged collection fits the same.
    private static final String SAMPLE = """
            SELECT vector_send(vector) FROM embedding WHERE collection_id = ? AND model_id = ?
             ORDER BY md5(token_id::text) LIMIT ?
            """;
    private static final String PAGE = """
            SELECT token_id, vector_send(vector), created_at FROM embedding
             WHERE collection_id = ? AND model_id = ? AND token_id > ? ORDER BY token_id LIMIT ?
            """;
    private static final String STALE = """
            SELECT e.token_id, vector_send(e.vector), e.created_at FROM embedding e
             WHERE e.collection_id = ? AND e.model_id = ? AND e.created_at >= ?
               AND NOT EXISTS (SELECT 1 FROM adapted_vector a
                                WHERE a.collection_id = e.collection_id AND a.token_id = e.token_id
                                  AND a.model_id = e.model_id AND a.version = ? AND a.embedded_at = e.created_at)
             LIMIT ?
            """;
    private static final String INSERT_FIT = """
            INSERT INTO descriptor_fit (collection_id, model_id, version, token_count, fit, inputs_read_at)
            SELECT ?, ?, coalesce(max(version), 0) + 1, ?, ?, ? FROM descriptor_fit WHERE collection_id = ? AND model_id = ?
            RETURNING version
            """;
    private static final String DROP_OLD_FITS = """
            DELETE FROM descriptor_fit WHERE collection_id = ? AND model_id = ? AND version < ?
            """;
    // Written only while the embedding is still the one projected (same created_at), and never over a newer fit's.
    private static final String UPSERT = """
            INSERT INTO adapted_vector (collection_id, token_id, model_id, version, vector, embedded_at)
            SELECT e.collection_id, e.token_id, e.model_id, ?, v.vector::vector(%d), e.created_at
              FROM unnest(?::numeric[], ?::text[], ?::timestamptz[]) AS v(token_id, vector, embedded_at)
              JOIN embedding e ON e.collection_id = ? AND e.model_id = ? AND e.token_id = v.token_id
                              AND e.created_at = v.embedded_at
            ON CONFLICT (collection_id, token_id, model_id) DO UPDATE
               SET version = excluded.version, vector = excluded.vector, embedded_at = excluded.embedded_at
             WHERE adapted_vector.version <= excluded.version
            """.formatted(AdaptedDescriptor.DIMENSION);

    private final AgroalDataSource dataSource;
    private final AdaptedPartitions partitions;

    public AdaptedRepository(AgroalDataSource dataSource, AdaptedPartitions partitions) {
        this.dataSource = dataSource;
        this.partitions = partitions;
    }

    /** The current fit's version and when it read its inputs; empty before a first fit. */
    public Optional<StoredFit> currentVersion(long collectionId, int modelId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(CURRENT_VERSION)) {
            ps.setLong(1, collectionId);
            ps.setInt(2, modelId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new StoredFit(rs.getInt(1), rs.getTimestamp(2).toInstant(), null))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("reading the descriptor fit of collection " + collectionId, e);
        }
    }

    public byte[] fit(long collectionId, int modelId, int version) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(FIT)) {
            ps.setLong(1, collectionId);
            ps.setInt(2, modelId);
            ps.setInt(3, version);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("descriptor fit " + version + " of collection " + collectionId + " is gone");
                }
                return rs.getBytes(1);
            }
        } catch (SQLException e) {
            throw failure("reading descriptor fit " + version + " of collection " + collectionId, e);
        }
    }

    /** At most {@code limit} of the collection's stored vectors, the same sample every time. */
    public List<float[]> sample(long collectionId, int modelId, int limit) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SAMPLE)) {
            ps.setLong(1, collectionId);
            ps.setInt(2, modelId);
            ps.setInt(3, limit);
            List<float[]> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(Vectors.fromBinary(rs.getBytes(1)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("sampling the vectors of collection " + collectionId, e);
        }
    }

    /** Stored vectors in token order after {@code after} (a page of a refit). */
    public List<Source> page(long collectionId, int modelId, BigInteger after, int limit) {
        return sources(PAGE, collectionId, modelId, ps -> {
            ps.setBigDecimal(3, new BigDecimal(after));
            ps.setInt(4, limit);
        });
    }

    /** Vectors embedded since the fit read its inputs that have no adapted vector of this fit yet. */
    public List<Source> stale(long collectionId, int modelId, StoredFit fit, int limit) {
        return sources(STALE, collectionId, modelId, ps -> {
            ps.setTimestamp(3, Timestamp.from(fit.inputsReadAt()));
            ps.setInt(4, fit.version());
            ps.setInt(5, limit);
        });
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<Source> sources(String sql, long collectionId, int modelId, Binder rest) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, collectionId);
            ps.setInt(2, modelId);
            rest.bind(ps);
            List<Source> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Source(rs.getBigDecimal(1).toBigIntegerExact(), Vectors.fromBinary(rs.getBytes(2)),
                            rs.getTimestamp(3)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("reading the vectors of collection " + collectionId, e);
        }
    }

    /** Stores a new fit (the next version) and drops the ones before it; returns its version. */
    public int storeFit(long collectionId, int modelId, int tokens, byte[] fit, Instant inputsReadAt) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT_FIT)) {
            ps.setLong(1, collectionId);
            ps.setInt(2, modelId);
            ps.setInt(3, tokens);
            ps.setBytes(4, fit);
            ps.setTimestamp(5, Timestamp.from(inputsReadAt));
            ps.setLong(6, collectionId);
            ps.setInt(7, modelId);
            int version;
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                version = rs.getInt(1);
            }
            try (PreparedStatement drop = c.prepareStatement(DROP_OLD_FITS)) {
                drop.setLong(1, collectionId);
                drop.setInt(2, modelId);
                drop.setInt(3, version - 1);
                drop.executeUpdate();
            }
            return version;
        } catch (SQLException e) {
            throw failure("storing a descriptor fit of collection " + collectionId, e);
        }
    }

    /** Writes adapted vectors of one fit version (one statement for the batch). */
    public void write(long collectionId, int modelId, int version, List<Source> sources, List<float[]> adapted) {
        if (sources.isEmpty()) {
            return;
        }
        int n = sources.size();
        BigDecimal[] ids = new BigDecimal[n];
        String[] vectors = new String[n];
        Timestamp[] embeddedAt = new Timestamp[n];
        for (int i = 0; i < n; i++) {
            ids[i] = new BigDecimal(sources.get(i).tokenId());
            vectors[i] = new PGvector(adapted.get(i)).toString();
            embeddedAt[i] = sources.get(i).embeddedAt();
        }
        partitions.ensure(collectionId);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(UPSERT)) {
            ps.setInt(1, version);
            ps.setArray(2, c.createArrayOf("numeric", ids));
            ps.setArray(3, c.createArrayOf("text", vectors));
            ps.setArray(4, c.createArrayOf("timestamptz", embeddedAt));
            ps.setLong(5, collectionId);
            ps.setInt(6, modelId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("writing adapted vectors of collection " + collectionId, e);
        }
    }

    /** The database's clock (fits record when they read their inputs by it). */
    public Instant databaseNow() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT now()");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        } catch (SQLException e) {
            throw failure("reading the database clock", e);
        }
    }

    private static IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException(what + " failed: " + e.getMessage(), e);
    }
}
