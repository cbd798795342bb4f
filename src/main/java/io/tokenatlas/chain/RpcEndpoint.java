package io.tokenatlas.chain;

import java.time.Instant;
import org.web3j.protocol.Web3j;

/** One RPC URL of a chain with its health: failures in a row, the last error, the last success. */
final class RpcEndpoint {
    /** A failing endpoint is skipped for this long before it is tried again. */
    static final long COOL_DOWN_MS = 10_000;

    final String url;
    final Web3j web3j;
    private int failuresInARow;
    private long lastFailureAt;
    private String lastError;
    private Instant lastSuccess;

    RpcEndpoint(String url, Web3j web3j) {
        this.url = url;
        this.web3j = web3j;
    }

    synchronized void succeeded() {
        failuresInARow = 0;
        lastSuccess = Instant.now();
    }

    synchronized void failed(String error) {
        failuresInARow++;
        lastFailureAt = System.currentTimeMillis();
        lastError = error;
    }

    synchronized boolean healthy() {
        return failuresInARow == 0 || System.currentTimeMillis() - lastFailureAt > COOL_DOWN_MS;
    }

    synchronized ChainStatus.Endpoint status() {
        return new ChainStatus.Endpoint(url, failuresInARow == 0, failuresInARow, lastError, lastSuccess);
    }
}
