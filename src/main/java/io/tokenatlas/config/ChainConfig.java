package io.tokenatlas.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** One chain the daemon may index ({@code atlas.chains."<chainId>".*}). */
public interface ChainConfig {
    /** JSON-RPC HTTP URLs of the chain's nodes, used in order: a failing one hands over to the next. */
    List<String> rpcUrls();

    /** WebSocket URL for newHeads notifications; without it (or while it is down) the head is polled. */
    Optional<String> wsUrl();

    /** Blocks a block must be behind the head before its logs are applied (with finality latest). */
    @WithDefault("0")
    int confirmations();

    /** Which head counts: latest (minus confirmations), or the node's safe or finalized block. */
    @WithDefault("latest")
    Finality finality();

    /** Largest block window of one eth_getLogs call; windows shrink on provider limits and grow back. */
    @WithDefault("2000")
    int logWindow();

    /**
     * eth_getLogs windows read at once during a backfill (applied in order): with a provider's
     * latency, round trips in a row would set the pace, not the provider.
     */
    @WithDefault("4")
    int logReadsInFlight();

    /** How often the head is read (when no WebSocket notifies new heads). */
    @WithDefault("2s")
    Duration pollInterval();

    /** Timeout of one JSON-RPC call. */
    @WithDefault("20s")
    Duration timeout();

    /** Most JSON-RPC requests a second sent to this chain (a batch counts each request); 0 = no limit. */
    @WithDefault("0")
    double requestsPerSecond();

    /**
     * Calls sent in one JSON-RPC batch: tokenURI calls, and a log window's four reads (which go
     * one at a time when this is under 4; 1 for a provider that refuses batches).
     */
    @WithDefault("50")
    int batchSize();

    /** Largest RPC answer read (a node, or whatever answers at its URL, that sends more fails the call). */
    @WithDefault("67108864")
    long maxResponseBytes();

    /** Where a backfill starts when the deployment block cannot be found (the node serves no history). */
    @WithDefault("0")
    long startBlock();

    /** Which block tag decides that a block counts. */
    enum Finality {
        LATEST, SAFE, FINALIZED
    }
}
