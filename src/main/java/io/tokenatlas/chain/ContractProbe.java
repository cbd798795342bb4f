package io.tokenatlas.chain;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.LongPredicate;

/** Decides by ERC-165 whether an address is an ERC-721 contract, and where it was deployed. */
@ApplicationScoped
public class ContractProbe {

    /** What the probe learned about a contract. */
    public record Erc721Contract(String name, String symbol, boolean metadata, boolean enumerable, boolean erc4906) {}

    public Erc721Contract probe(ChainNode node, String address) {
        if (!node.hasCode(address, null)) {
            throw new ContractRejectedException(address + " holds no contract code on chain " + node.chainId()
                    + " (an externally owned account, or a wrong address or chain)");
        }
        if (!supports(node, address, Erc721Abi.ERC165) || supports(node, address, Erc721Abi.INVALID_INTERFACE)) {
            throw new ContractRejectedException(address + " does not implement ERC-165 supportsInterface,"
                    + " so it cannot be an ERC-721 contract");
        }
        if (!supports(node, address, Erc721Abi.ERC721)) {
            throw new ContractRejectedException(address + " implements ERC-165 but not ERC-721 (interface "
                    + Erc721Abi.ERC721 + ")");
        }
        return new Erc721Contract(
                optionalString(node, address, true),
                optionalString(node, address, false),
                supports(node, address, Erc721Abi.ERC721_METADATA),
                supports(node, address, Erc721Abi.ERC721_ENUMERABLE),
                supports(node, address, Erc721Abi.ERC4906));
    }

    private static boolean supports(ChainNode node, String address, String interfaceId) {
        var function = Erc721Abi.supportsInterface(interfaceId);
        try {
            return Erc721Abi.decodeBool(function, node.call(address, function));
        } catch (CallRevertedException | IllegalArgumentException e) {
            return false;
        }
    }

    private static String optionalString(ChainNode node, String address, boolean name) {
        var function = name ? Erc721Abi.name() : Erc721Abi.symbol();
        try {
            return Erc721Abi.decodeString(function, node.call(address, function));
        } catch (CallRevertedException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The first block at which {@code hasCode} is true, by binary search over [0, head]; code
     * never disappears in between for a live contract (self-destruct aside).
     */
    public static long firstBlockWithCode(long head, LongPredicate hasCode) {
        long lo = 0;
        long hi = head;
        while (lo < hi) {
            long mid = lo + (hi - lo) / 2;
            if (hasCode.test(mid)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
