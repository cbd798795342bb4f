package io.tokenatlas.coordination;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Makes a per-collection job (following the chain, recomputing the layout) run in one replica at
 * a time: a PostgreSQL session advisory lock per job and collection, held on its own connection
 * while the job runs. A replica that dies loses its connection and with it the lock, so another
 * replica takes the job over at its next round.
 */
@ApplicationScoped
public class CollectionLocks {
    /** The jobs, each with the first key of its two-key advisory locks. */
    public enum Job {
        FOLLOW(0x41544c31),
        LAYOUT(0x41544c32);

        final int key;

        Job(int key) {
            this.key = key;
        }
    }

    private final AgroalDataSource dataSource;

    public CollectionLocks(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A held lock; closing it releases the lock and its connection. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** Takes the job's lock on the collection if no other replica holds it. */
    public Optional<Held> tryLock(Job job, long collectionId) {
        Connection c = null;
        try {
            c = dataSource.getConnection();
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
                ps.setInt(1, job.key);
                ps.setInt(2, (int) collectionId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        c.close();
                        return Optional.empty();
                    }
                }
            }
            Connection held = c;
            return Optional.of(() -> release(held, job, collectionId));
        } catch (SQLException e) {
            closeQuietly(c);
            throw new IllegalStateException("taking the " + job.name().toLowerCase() + " lock of collection " + collectionId + " failed: "
                    + e.getMessage(), e);
        }
    }

    private static void release(Connection c, Job job, long collectionId) {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
            ps.setInt(1, job.key);
            ps.setInt(2, (int) collectionId);
            ps.execute();
        } catch (SQLException e) {
            // the connection is closed below; a broken one drops the lock with its session
        } finally {
            closeQuietly(c);
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // nothing more to release
            }
        }
    }
}
