package io.tokenatlas.chain;

/**
 * A log of a collection's contract that the follower applies: a transfer, an ERC-4906 metadata
 * update, or an ERC-7572 contractURI change.
 */
public sealed interface ChainLog permits TransferLog, MetadataUpdate, ContractUriUpdate {
    long blockNumber();

    int logIndex();
}
