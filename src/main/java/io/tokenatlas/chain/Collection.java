package io.tokenatlas.chain;

/** A registered collection as other packages see it. */
public record Collection(
        long id,
        long chainId,
        String address,
        String name,
        String symbol,
        long fromBlock,
        String fromBlockSource,
        long cursorBlock,
        String cursorHash,
        Long headBlock,
        CollectionStatus status,
        String error,
        boolean enumerable,
        boolean erc4906,
        String supplyCheck,
        String recognisedBy) {}
