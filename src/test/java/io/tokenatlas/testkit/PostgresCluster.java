package io.tokenatlas.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PostgreSQL cluster on its own port with pgvector: a primary made by initdb, or a
 * streaming hot standby of one made by pg_basebackup. The server binaries refuse to run as root,
 * so under root they run as the postgres user. Stopped at once and removed on close.
 */
public final class PostgresCluster implements AutoCloseable {
    /** The database the daemon uses on a private cluster, owned by the atlas role. */
    public static final String DATABASE = "atlas";

    private final Path dir;
    private final int port;
    private final Path log;

    private PostgresCluster(Path dir, int port, Path log) {
        this.dir = dir;
        this.port = port;
        this.log = log;
    }

    /** A new primary that accepts replication from loopback, with the atlas role, database and pgvector. */
    public static PostgresCluster primary(Path logs, String name) {
        PostgresCluster cluster = new PostgresCluster(home(name).resolve("data"), ManagedProcess.freePort(),
                logs.resolve("postgres-" + name + ".log"));
        cluster.run(List.of(bin("initdb"), "-D", cluster.dir.toString(), "-A", "trust", "-U", "postgres", "--no-sync"));
        cluster.configure();
        cluster.append("pg_hba.conf", "host replication all 127.0.0.1/32 trust\n");
        cluster.start();
        cluster.sql("postgres", "CREATE ROLE atlas LOGIN PASSWORD 'atlas'");
        cluster.sql("postgres", "CREATE DATABASE " + DATABASE + " OWNER atlas");
        cluster.sql(DATABASE, "CREATE EXTENSION vector");
        return cluster;
    }

    /** A hot standby streaming from this primary, on a port of its own. */
    public PostgresCluster standby(Path logs, String name) {
        PostgresCluster standby = new PostgresCluster(home(name).resolve("data"), ManagedProcess.freePort(),
                logs.resolve("postgres-" + name + ".log"));
        run(List.of(bin("pg_basebackup"), "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", "postgres", "-D",
                standby.dir.toString(), "-R", "-X", "stream", "--checkpoint=fast", "--no-sync"));
        standby.configure();
        standby.start();
        return standby;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** Runs one statement as the superuser. */
    public void sql(String database, String sql) {
        try (Connection c = connect(database); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("on " + dir + ": " + sql + " failed: " + e.getMessage(), e);
        }
    }

    /** The first column of the first row of a query in the atlas database, as text (null when there is no row). */
    public String scalar(String sql) {
        try (Connection c = connect(DATABASE); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException("on " + dir + ": " + sql + " failed: " + e.getMessage(), e);
        }
    }

    private Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, "postgres", "");
    }

    private void configure() {
        append("postgresql.conf", "\nport = " + port + "\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '"
                + dir + "'\nfsync = off\nshared_buffers = 64MB\n");
    }

    private void start() {
        // The server's log sits beside its data folder, so a base backup does not copy it.
        run(List.of(bin("pg_ctl"), "-D", dir.toString(), "-l", dir.resolveSibling("server.log").toString(), "-w", "-t", "60",
                "start"));
    }

    @Override
    public void close() {
        try {
            run(List.of(bin("pg_ctl"), "-D", dir.toString(), "-m", "immediate", "-w", "stop"));
        } catch (RuntimeException e) {
            // already stopped
        }
        try {
            Path server = dir.resolveSibling("server.log");
            if (Files.exists(server)) {
                Files.copy(server, log, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            try (Stream<Path> files = Files.walk(dir.getParent())) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        } catch (IOException e) {
            // a temporary folder left behind
        }
    }

    private void append(String file, String text) {
        try {
            Files.writeString(dir.resolve(file), text, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a server binary (as postgres when this is root) and waits for it. */
    private void run(List<String> command) {
        List<String> full = new ArrayList<>();
        if (root()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        try {
            Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(3, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", full) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A new folder the server user may write in. */
    private static Path home(String name) {
        try {
            Path home = Files.createTempDirectory("atlas-pg-" + name);
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
            if (root()) {
                UserPrincipal postgres = home.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
                Files.setOwner(home, postgres);
            }
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The newest installed server's binary. */
    private static String bin(String name) {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin").resolve(name)).filter(Files::isExecutable)
                    .max(Comparator.comparing(p -> Integer.parseInt(p.getParent().getParent().getFileName().toString())))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL server binaries under /usr/lib/postgresql"))
                    .toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
