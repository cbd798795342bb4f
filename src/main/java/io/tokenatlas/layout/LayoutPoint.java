package io.tokenatlas.layout;

import java.math.BigInteger;

/** A token on a stored layout: position in [0, 1], grid cell (-1: none), cluster, provisional or not. */
public record LayoutPoint(BigInteger tokenId, float x, float y, int cell, int cluster, boolean provisional) {}
