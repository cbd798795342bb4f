package io.tokenatlas.api;

import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chain-agnostic ids (CAIP) for what clients name by chain and contract: a collection as the
 * CAIP-10 account {@code eip155:<chainId>:<address>}, a token as the CAIP-19 asset
 * {@code eip155:<chainId>/erc721:<address>/<tokenId>} (or {@code erc1155}). Pure.
 */
public final class CaipIds {
    private static final Pattern ACCOUNT = Pattern.compile("eip155:([0-9]{1,19}):(0x[0-9a-fA-F]{40})");

    private CaipIds() {}

    /** A contract on an EVM chain. */
    public record ChainAddress(long chainId, String address) {}

    /** True when a path segment is meant as a CAIP-10 id (it may still be malformed). */
    public static boolean looksLikeAccount(String segment) {
        return segment.regionMatches(true, 0, "eip155:", 0, 7);
    }

    /** Parses {@code eip155:<chainId>:<address>}; the address in lower case. */
    public static ChainAddress parseAccount(String id) {
        Matcher m = ACCOUNT.matcher(id);
        if (!m.matches()) {
            throw new IllegalArgumentException("a collection by chain and address is eip155:<chain id>:0x<40 hex digits>, got "
                    + (id.length() > 120 ? id.substring(0, 120) + "..." : id));
        }
        try {
            return new ChainAddress(Long.parseLong(m.group(1)), m.group(2).toLowerCase(Locale.ROOT));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("chain id " + m.group(1) + " is too large");
        }
    }

    public static String account(long chainId, String address) {
        return "eip155:" + chainId + ":" + address.toLowerCase(Locale.ROOT);
    }

    /** @param standard {@code erc721} or {@code erc1155}, the asset namespace */
    public static String asset(long chainId, String standard, String address, BigInteger tokenId) {
        return "eip155:" + chainId + "/" + standard + ":" + address.toLowerCase(Locale.ROOT) + "/" + tokenId;
    }
}
