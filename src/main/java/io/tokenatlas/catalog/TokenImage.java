package io.tokenatlas.catalog;

import java.math.BigInteger;

/** A live token and the sha256 of its image. */
public record TokenImage(BigInteger tokenId, String mediaSha256) {}
