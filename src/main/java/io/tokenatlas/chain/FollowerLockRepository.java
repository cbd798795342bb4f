package io.tokenatlas.chain;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Makes each collection's follower run in one replica at a time: a PostgreSQL session advisory
 * lock per collection, held on its own connection for the round. A replica that dies loses its
 * connection and with it the lock, so another replica takes the collection over at its next round.
 */
@ApplicationScoped
public class FollowerLockRepository {
    /** The first key of the two-key advisory lock: "follower" for collections. */
    static final int FOLLOWER_LOCKS = 0x41544c31;

    private final AgroalDataSource dataSource;

    public FollowerLockRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A held lock; closing it releases the lock and its connection. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** Takes the collection's lock if no other replica holds it. */
    public Optional<Held> tryLock(long collectionId) {
        Connection c = null;
        try {
            c = dataSource.getConnection();
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
                ps.setInt(1, FOLLOWER_LOCKS);
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
            return Optional.of(() -> release(held, collectionId));
        } catch (SQLException e) {
            closeQuietly(c);
            throw new IllegalStateException("taking the follower lock of collection " + collectionId + " failed: "
                    + e.getMessage(), e);
        }
    }

    private static void release(Connection c, long collectionId) {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
            ps.setInt(1, FOLLOWER_LOCKS);
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
