package io.tokenatlas.vector;

import java.math.BigInteger;

/** One token's embedding. */
public record TokenVector(BigInteger tokenId, float[] vector) {}
