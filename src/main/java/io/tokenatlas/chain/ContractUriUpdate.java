package io.tokenatlas.chain;

/** ERC-7572 ContractURIUpdated(): the collection's contract-level metadata is to be read again. */
public record ContractUriUpdate(long blockNumber, int logIndex) implements ChainLog {}
