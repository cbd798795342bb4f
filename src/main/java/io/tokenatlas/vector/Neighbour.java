package io.tokenatlas.vector;

import java.math.BigInteger;

/** A token found by a vector search, with its cosine similarity to the query (1 = same direction). */
public record Neighbour(long collectionId, BigInteger tokenId, double score) {}
