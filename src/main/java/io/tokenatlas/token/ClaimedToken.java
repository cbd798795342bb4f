package io.tokenatlas.token;

import java.math.BigInteger;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

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

    private static final Comparator<ClaimedToken> KEY = Comparator.comparingLong(ClaimedToken::collectionId)
            .thenComparing(ClaimedToken::tokenId);

    @Override
    public String toString() {
        return "token " + tokenId + " of collection " + collectionId;
    }

    /**
     * The positions of {@code tokens} in key order (collection, then token id): writes of many
     * tokens' rows go in this order, so two of them never wait for each other's rows in opposite orders.
     */
    public static int[] keyOrder(List<ClaimedToken> tokens) {
        return IntStream.range(0, tokens.size()).boxed()
                .sorted(Comparator.comparing(tokens::get, KEY)).mapToInt(Integer::intValue).toArray();
    }

    /** Names the tokens in a message: one by its id, more by their count. */
    public static String describe(List<ClaimedToken> tokens) {
        return tokens.size() == 1 ? tokens.getFirst().toString() : tokens.size() + " tokens";
    }
}
