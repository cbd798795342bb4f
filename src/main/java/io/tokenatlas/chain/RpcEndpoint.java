package io.tokenatlas.chain;

import java.time.Instant;
import org.web3j.protocol.Web3j;

/** One RPC URL of a chain with its health: failures in a row, the last error, the last success. */
final class RpcEndpoint {
    /** A failing endpoint is skipped for this long before it is tried again. */
    static final long COOL_DOWN_MS = 10_000;

    final String url;
    /** The URL as it may be shown: provider keys live in paths, queries and user info, so only scheme, host and port. */
    final String label;
    final Web3j web3j;
    private int failuresInARow;
    private long lastFailureAt;
    private String lastError;
    private Instant lastSuccess;

    RpcEndpoint(String url, Web3j web3j) {
        this.url = url;
        this.label = label(url);
        this.web3j = web3j;
    }

    /** {@code scheme://host[:port]}, with "/…" when the URL had more (which is not shown). */
    static String label(String url) {
        try {
            java.net.URI uri = java.net.URI.create(url.strip());
            if (uri.getHost() == null) {
                return "(an RPC URL)";
            }
            String base = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
            boolean more = (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))
                    || uri.getRawQuery() != null || uri.getRawUserInfo() != null;
            return more ? base + "/\u2026" : base;
        } catch (IllegalArgumentException e) {
            return "(an RPC URL)";
        }
    }

    /** A message with this endpoint's URL (which a library may quote) replaced by its label. */
    String scrub(String message) {
        return message == null ? null : message.replace(url, label);
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
        return new ChainStatus.Endpoint(label, failuresInARow == 0, failuresInARow, lastError, lastSuccess);
    }
}
