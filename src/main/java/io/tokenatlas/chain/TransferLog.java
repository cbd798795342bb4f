package io.tokenatlas.chain;

import java.math.BigInteger;

/**
 * One transfer of a token, with where it sits on the chain: an ERC-721 Transfer(from, to, tokenId)
 * (amount 1), or one id of an ERC-1155 TransferSingle or TransferBatch ({@code batchIndex} tells
 * the ids of one batch log apart).
 */
public record TransferLog(
        long blockNumber, String blockHash, int logIndex, int batchIndex, String txHash, String from, String to,
        BigInteger tokenId, BigInteger amount)
        implements ChainLog {

    public static final String ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

    /** An ERC-721 transfer. */
    public TransferLog(long blockNumber, String blockHash, int logIndex, String txHash, String from, String to,
            BigInteger tokenId) {
        this(blockNumber, blockHash, logIndex, 0, txHash, from, to, tokenId, BigInteger.ONE);
    }

    public boolean isMint() {
        return ZERO_ADDRESS.equals(from);
    }

    public boolean isBurn() {
        return ZERO_ADDRESS.equals(to);
    }
}
