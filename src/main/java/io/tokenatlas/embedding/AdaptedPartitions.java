package io.tokenatlas.embedding;

import io.agroal.api.AgroalDataSource;
import io.tokenatlas.chain.CollectionDeleted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.jboss.logging.Logger;

/**
 * The partitions of adapted_vector, one per collection (migration V17): each collection's adapted
 * vectors live in a table of their own with their own HNSW graph, so a search in a small
 * collection never walks a big one's vectors. A partition is created empty and attached (which
 * does not block reads or writes of the other partitions) before a collection's first vectors are
 * written, and dropped after the collection is deleted.
 */
@ApplicationScoped
public class AdaptedPartitions {
    private static final Logger LOG = Logger.getLogger(AdaptedPartitions.class);
    /** How long creating or dropping a partition waits for a lock before it gives up (and is tried again later). */
    static final String LOCK_TIMEOUT = "5s";
    private static final String ATTACHED = """
            SELECT 1 FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
             WHERE i.inhparent = 'adapted_vector'::regclass AND c.relname = ?
            """;

    private final AgroalDataSource dataSource;

    public AdaptedPartitions(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The partition's name: collection ids are the daemon's own integers. */
    static String name(long collectionId) {
        if (collectionId < 0) {
            throw new IllegalArgumentException("collection ids are not negative, got " + collectionId);
        }
        return "adapted_vector_" + collectionId;
    }

    /**
     * Makes sure the collection's partition exists (one catalog lookup when it does). It is
     * created in a transaction of its own, committed before the caller's goes on: a refit writes
     * a collection's first vectors inside a long transaction of its own.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void ensure(long collectionId) {
        String table = name(collectionId);
        try (Connection c = dataSource.getConnection()) {
            if (attached(c, table)) {
                return;
            }
            try (Statement st = c.createStatement()) {
                // Replicas creating the same partition take turns; the second finds it attached.
                st.execute("SELECT pg_advisory_xact_lock(hashtext('adapted_vector partitions'))");
                if (!attached(c, table)) {
                    st.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
                    st.execute("CREATE TABLE IF NOT EXISTS " + table + " (LIKE adapted_vector INCLUDING DEFAULTS)");
                    st.execute("ALTER TABLE adapted_vector ATTACH PARTITION " + table + " FOR VALUES IN ("
                            + collectionId + ")");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("creating the adapted-vector partition of collection " + collectionId
                    + " failed: " + e.getMessage(), e);
        }
    }

    /** Drops a deleted collection's partition (empty by then); a failure is logged, it only leaves an empty table. */
    void onDeleted(@Observes(during = TransactionPhase.AFTER_SUCCESS) CollectionDeleted deleted) {
        drop(deleted.id());
    }

    void drop(long collectionId) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("SET lock_timeout = '" + LOCK_TIMEOUT + "'");
            try {
                st.execute("DROP TABLE IF EXISTS " + name(collectionId));
            } finally {
                st.execute("RESET lock_timeout");
            }
        } catch (SQLException e) {
            LOG.warnf("dropping the adapted-vector partition of deleted collection %d failed (an empty table stays): %s",
                    collectionId, e.getMessage());
        }
    }

    private static boolean attached(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ATTACHED)) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
