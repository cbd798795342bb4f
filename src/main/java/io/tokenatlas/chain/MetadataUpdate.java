package io.tokenatlas.chain;

import java.math.BigInteger;

/** ERC-4906 MetadataUpdate (one token: from = to) or BatchMetadataUpdate (a range of token ids). */
public record MetadataUpdate(long blockNumber, int logIndex, BigInteger fromTokenId, BigInteger toTokenId)
        implements ChainLog {}
