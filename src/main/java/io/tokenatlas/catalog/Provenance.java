package io.tokenatlas.catalog;

import java.time.OffsetDateTime;

/**
 * Where a token's facts came from: the tokenURI and the block it was read at, the metadata's and
 * the image's sha256, whether each was verified and which stored IPFS blocks (an entity: CID and
 * path) each was rebuilt from, and when the serving model embedded it (null when it has not).
 */
public record Provenance(
        String tokenUri,
        Long uriBlock,
        String uriBlockHash,
        String metadataSha256,
        Boolean metadataVerified,
        String metadataCar,
        String imageUri,
        String imageSha256,
        Boolean imageVerified,
        String imageCar,
        String imageMediaType,
        Integer imageWidth,
        Integer imageHeight,
        Long imageBytes,
        OffsetDateTime embeddedAt) {}
