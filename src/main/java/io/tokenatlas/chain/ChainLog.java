package io.tokenatlas.chain;

/** A log of a collection's contract that the follower applies: a Transfer or an ERC-4906 metadata update. */
public sealed interface ChainLog permits TransferLog, MetadataUpdate {
    long blockNumber();

    int logIndex();
}
