package io.tokenatlas.testkit;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.function.Function;

/**
 * The real parts an integration test runs the packaged daemon against, started and stopped in one
 * place (one lifecycle for every IT): an anvil chain, the Helia IPFS gateway, a plain HTTP server,
 * a chain writer, an empty test database, and the daemons the test starts. Logs go to
 * {@code target/it-logs/<name>/}. Closing stops everything, daemons first, whatever failed.
 */
public final class RealParts implements AutoCloseable {
    private final Path logs;
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    private Anvil anvil;
    private IpfsGateway ipfs;
    private StaticServer http;
    private ChainWriter chain;

    private RealParts(String name) {
        this.logs = Tools.logs().resolve(name);
    }

    /** Every part, the database emptied. */
    public static RealParts start(String name) {
        return start(name, logs -> Anvil.start(0, logs.resolve("anvil.log")));
    }

    /** Every part with a chain the test starts itself (given the log folder), the database emptied. */
    public static RealParts start(String name, Function<Path, Anvil> chainNode) {
        RealParts parts = new RealParts(name);
        try {
            parts.anvil = parts.open(chainNode.apply(parts.logs));
            parts.ipfs = parts.open(IpfsGateway.start(parts.logs.resolve("ipfs.log")));
            parts.http = parts.open(new StaticServer());
            parts.chain = parts.open(new ChainWriter(parts.anvil.rpcUrl()));
            TestDatabase.reset(TestDatabase.NAME);
            return parts;
        } catch (RuntimeException | Error e) {
            parts.close();
            throw e;
        }
    }

    /** Keeps {@code part} to be closed with the others (before the ones opened earlier). */
    public <T extends AutoCloseable> T open(T part) {
        opened.push(part);
        return part;
    }

    public Path logs() {
        return logs;
    }

    public Anvil anvil() {
        return anvil;
    }

    /** Replaces the chain node (one the test killed) with {@code restarted}, closed with the parts. */
    public Anvil anvil(Anvil restarted) {
        anvil = open(restarted);
        return restarted;
    }

    public IpfsGateway ipfs() {
        return ipfs;
    }

    public StaticServer http() {
        return http;
    }

    public ChainWriter chain() {
        return chain;
    }

    /** A daemon's configuration for these parts: the test database, this chain, this gateway. */
    public Map<String, String> config() {
        return DaemonProcess.config(TestDatabase.NAME, anvil.rpcUrl(), ipfs.url());
    }

    /** Starts a daemon logging to {@code daemon.log}; it is stopped with the parts. */
    public DaemonProcess daemon(Map<String, String> config) {
        return daemon(config, "daemon.log");
    }

    /** Starts a daemon logging to {@code log} (a file name); it is stopped with the parts. */
    public DaemonProcess daemon(Map<String, String> config, String log) {
        return open(DaemonProcess.start(config, logs.resolve(log), 0));
    }

    @Override
    public void close() {
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                // keep closing the others
            }
        }
    }
}
