package io.tokenatlas.catalog;

import io.tokenatlas.metadata.Trait;
import io.tokenatlas.token.TokenState;
import java.math.BigInteger;
import java.util.List;

/**
 * A token as the API shows it; {@code supply} for an ERC-1155 id (its owners are in its balances);
 * {@code placeholder} its image's BlurHash.
 */
public record TokenView(
        long collectionId,
        BigInteger tokenId,
        String owner,
        long mintedBlock,
        boolean burned,
        TokenState state,
        String error,
        String failedStage,
        int attempts,
        String tokenUri,
        String name,
        String imageUri,
        String metadataJson,
        List<Trait> traits,
        String mediaSha256,
        String errorCode,
        Boolean imageVerified,
        Long phash,
        String supply,
        String placeholder) {

    public boolean hasImage() {
        return mediaSha256 != null;
    }
}
