package io.tokenatlas.watch;

import java.math.BigInteger;
import java.time.Instant;

/** A token found to copy a watched one: the copy, the original of the watched collection, the evidence (JSON). */
public record WatchMatch(long id, long watchId, long collectionId, BigInteger tokenId, BigInteger originalTokenId,
        String evidence, Instant foundAt) {}
