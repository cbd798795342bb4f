package io.tokenatlas.token;

import java.math.BigInteger;

/** A token a worker holds the lease on, with what its stage needs to know. */
public record ClaimedToken(
        long collectionId,
        long chainId,
        String address,
        BigInteger tokenId,
        String tokenUri,
        String imageUri,
        String mediaSha256,
        int attempts) {

    @Override
    public String toString() {
        return "token " + tokenId + " of collection " + collectionId;
    }
}
