package io.tokenatlas.coordination;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.InjectableInstance;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Where read endpoints read: a streaming replica of the database when one is configured
 * ({@code quarkus.datasource.read.jdbc.url}, or ATLAS_READ_DB_URL), else the primary. Writes,
 * claims and locks never come here; they stay on the primary. A replica that cannot give a
 * connection is skipped for the primary (and logged at most once a minute), so a replica going
 * away slows reads down rather than failing them.
 */
@ApplicationScoped
public class ReadDatabase {
    private static final Logger LOG = Logger.getLogger(ReadDatabase.class);
    private static final long LOG_EVERY_NANOS = 60_000_000_000L;

    private final AgroalDataSource primary;
    private final AgroalDataSource replica;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    public ReadDatabase(AgroalDataSource primary,
            @io.quarkus.agroal.DataSource("read") InjectableInstance<AgroalDataSource> read) {
        this.primary = primary;
        this.replica = read.isResolvable() && read.getHandle().getBean().isActive() ? read.get() : null;
        if (replica != null) {
            LOG.info("read endpoints are answered from the read replica (quarkus.datasource.read)");
        }
    }

    /** Whether a replica answers reads. */
    public boolean replicated() {
        return replica != null;
    }

    /** A connection for reads: from the replica when there is one that answers, else from the primary. */
    public Connection connection() throws SQLException {
        if (replica != null) {
            try {
                return replica.getConnection();
            } catch (SQLException e) {
                long now = System.nanoTime();
                long last = lastWarning.get();
                if (now - last >= LOG_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
                    LOG.warnf("the read replica gives no connection, reading from the primary: %s", e.getMessage());
                }
            }
        }
        return primary.getConnection();
    }

    /** Statements run on one connection. */
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} on a read connection inside one transaction, so that SET LOCAL settings
     * hold for its statements; a connection that already takes part in the caller's transaction
     * is used as it is.
     */
    public <T> T transaction(Work<T> work) throws SQLException {
        try (Connection c = connection()) {
            if (!c.getAutoCommit()) {
                return work.run(c);
            }
            c.setAutoCommit(false);
            try {
                T out = work.run(c);
                c.commit();
                return out;
            } catch (SQLException | RuntimeException | Error e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }
}
