package io.tokenatlas.watch;

import java.math.BigInteger;
import java.time.Instant;

/**
 * A copymint watch: the tokens of a collection (or one of them, {@code tokenId}) whose copies on
 * other collections are reported; a copy's perceptual hash is within {@code maxDistance} bits of
 * the original's (allowing flips, turns and a crop), its structure matches and its vector's cosine
 * similarity is at least {@code minSimilarity}. Tokens indexed after event {@code fromSeq} are compared.
 */
public record Watch(long id, long collectionId, BigInteger tokenId, double minSimilarity, int maxDistance, long fromSeq,
        Instant createdAt, long matches) {}
