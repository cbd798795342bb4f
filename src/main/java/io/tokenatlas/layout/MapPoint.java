package io.tokenatlas.layout;

import java.math.BigInteger;

/** A token's place on a collection's map, both coordinates in [0, 1]. */
public record MapPoint(BigInteger tokenId, double x, double y) {}
