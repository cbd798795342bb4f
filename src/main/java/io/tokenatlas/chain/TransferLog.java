package io.tokenatlas.chain;

import java.math.BigInteger;

/** One ERC-721 Transfer(from, to, tokenId) event, with where it sits on the chain. */
public record TransferLog(
        long blockNumber, String blockHash, int logIndex, String txHash, String from, String to, BigInteger tokenId)
        implements ChainLog {

    public static final String ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

    public boolean isMint() {
        return ZERO_ADDRESS.equals(from);
    }

    public boolean isBurn() {
        return ZERO_ADDRESS.equals(to);
    }
}
