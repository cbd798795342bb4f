package io.tokenatlas.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A real anvil chain (id 31337) on a free loopback port. */
public final class Anvil implements AutoCloseable {
    public static final long CHAIN_ID = 31337;
    /** The first account of anvil's standard development mnemonic. */
    public static final String DEV_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    private final ManagedProcess process;
    private final int port;

    private Anvil(ManagedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    public static Anvil start(int port, Path log) {
        int p = port > 0 ? port : ManagedProcess.freePort();
        ManagedProcess process = ManagedProcess.start("anvil", List.of(Tools.anvil().toString(),
                "--host", "127.0.0.1", "--port", Integer.toString(p), "--chain-id", Long.toString(CHAIN_ID)),
                log, line -> line.contains("Listening on"));
        process.awaitReady(Duration.ofSeconds(30));
        return new Anvil(process, p);
    }

    public String rpcUrl() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.close();
    }
}
