package io.tokenatlas.token;

import java.math.BigInteger;

/**
 * A token a worker holds the lease on, with what its stage needs to know; {@code multiToken} for an
 * id of an ERC-1155 collection (its metadata is at {@code uri(id)}, not {@code tokenURI});
 * {@code backgroundColor} the metadata's {@code background_color} as written (at most 16 characters).
 */
public record ClaimedToken(
        long collectionId,
        long chainId,
        String address,
        BigInteger tokenId,
        String tokenUri,
        String imageUri,
        String mediaSha256,
        int attempts,
        boolean multiToken,
        String backgroundColor) {

    @Override
    public String toString() {
        return "token " + tokenId + " of collection " + collectionId;
    }
}
