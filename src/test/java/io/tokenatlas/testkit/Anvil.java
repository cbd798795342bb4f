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
        return start(port, CHAIN_ID, log);
    }

    /** Starts anvil with a chain id and extra flags (e.g. --dump-state, --load-state). */
    public static Anvil start(int port, long chainId, Path log, String... extra) {
        int p = port > 0 ? port : ManagedProcess.freePort();
        List<String> command = new java.util.ArrayList<>(List.of(Tools.anvil().toString(),
                "--host", "127.0.0.1", "--port", Integer.toString(p), "--chain-id", Long.toString(chainId)));
        command.addAll(List.of(extra));
        ManagedProcess process = ManagedProcess.start("anvil", command, log, line -> line.contains("Listening on"));
        process.awaitReady(Duration.ofSeconds(30));
        return new Anvil(process, p);
    }

    public int port() {
        return port;
    }

    /** Kills anvil at once, as a crashed or unreachable node. */
    public void kill() {
        process.kill();
    }

    /** Sends a raw JSON-RPC call (dev methods such as anvil_reorg) and returns the answer's JSON text. */
    public String rpc(String method, String paramsJson) {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + paramsJson + "}";
        try {
            var response = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(rpcUrl()))
                            .header("Content-Type", "application/json")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            if (response.body().contains("\"error\"")) {
                throw new IllegalStateException(method + " failed: " + response.body());
            }
            return response.body();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(method + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Replaces the last {@code depth} blocks; {@code txs} are [transaction, block offset] pairs for the new ones. */
    public void reorg(int depth, String txsJson) {
        rpc("anvil_reorg", "[" + depth + "," + txsJson + "]");
    }

    public void mine(int blocks) {
        for (int i = 0; i < blocks; i++) {
            rpc("evm_mine", "[]");
        }
    }

    public String rpcUrl() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.close();
    }
}
