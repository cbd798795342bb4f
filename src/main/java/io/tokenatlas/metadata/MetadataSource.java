package io.tokenatlas.metadata;

import io.tokenatlas.chain.BlockHeader;
import io.tokenatlas.fetch.VerifiedCar;

/**
 * Where a token's metadata came from: the block its tokenURI was read at, the sha256 of the
 * metadata bytes, whether they were verified, and the verified IPFS blocks they came in (or null).
 */
public record MetadataSource(BlockHeader readAt, String sha256, boolean verified, VerifiedCar car) {}
