package io.tokenatlas.chain;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.LongPredicate;

/**
 * Decides whether an address is an ERC-721 contract: by ERC-165 where it answers sanely, else by
 * its behaviour ({@link BehaviourProbe}); and where it was deployed.
 */
@ApplicationScoped
public class ContractProbe {

    /** What the probe learned about a contract. */
    /**
     * What the probe learned about a contract; {@code recognisedBy} says how it was recognised
     * ("ERC-165", or "behaviour: ..." with the evidence).
     */
    public record TokenContract(String name, String symbol, boolean metadata, boolean enumerable, boolean erc4906,
            String recognisedBy, String standard) {}

    /**
     * @param fromBlock where to look for the contract's first Transfer logs if its behaviour must
     *                  decide (its deployment block, when known)
     */
    public TokenContract probe(ChainNode node, String address, java.util.function.LongSupplier fromBlock) {
        if (!node.hasCode(address, null)) {
            throw new ContractRejectedException(address + " holds no contract code on chain " + node.chainId()
                    + " (an externally owned account, or a wrong address or chain)");
        }
        boolean yesToAll = supports(node, address, Erc721Abi.INVALID_INTERFACE);
        boolean erc165 = !yesToAll && supports(node, address, Erc721Abi.ERC165);
        if (erc165 && supports(node, address, Erc721Abi.ERC721)) {
            return new TokenContract(
                    optionalString(node, address, true),
                    optionalString(node, address, false),
                    supports(node, address, Erc721Abi.ERC721_METADATA),
                    supports(node, address, Erc721Abi.ERC721_ENUMERABLE),
                    supports(node, address, Erc721Abi.ERC4906),
                    "ERC-165", Collection.ERC721);
        }
        if (erc165 && supports(node, address, Erc1155Abi.ERC1155)) {
            return new TokenContract(
                    optionalString(node, address, true),
                    optionalString(node, address, false),
                    supports(node, address, Erc1155Abi.ERC1155_METADATA_URI),
                    false,
                    supports(node, address, Erc721Abi.ERC4906),
                    "ERC-165 (ERC-1155)", Collection.ERC1155);
        }
        String why = erc165 ? "it implements ERC-165 but not ERC-721 (interface " + Erc721Abi.ERC721 + ")"
                : yesToAll ? "its supportsInterface answers true for every interface, even " + Erc721Abi.INVALID_INTERFACE
                : "it does not implement ERC-165 supportsInterface";
        BehaviourProbe.Evidence evidence = BehaviourProbe.probe(node, address, fromBlock.getAsLong(), why);
        // What ERC-165 would have said about the extensions cannot be trusted here: tokenURI was
        // seen to answer or not, and the enumerable cross-check is not attempted.
        return new TokenContract(
                optionalString(node, address, true),
                optionalString(node, address, false),
                evidence.tokenUri(),
                false,
                false,
                "behaviour (" + why + "): " + evidence.describe(), Collection.ERC721);
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
