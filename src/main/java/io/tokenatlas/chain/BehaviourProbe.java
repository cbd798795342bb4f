package io.tokenatlas.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.web3j.abi.datatypes.Function;
import org.web3j.utils.Numeric;

/**
 * Recognises an ERC-721 by what it does where ERC-165 cannot say (contracts deployed before it was
 * common, or whose supportsInterface answers true for everything): from its deployment block on,
 * it looks for Transfer logs with three indexed arguments (the token id among them; an ERC-20's
 * Transfer has two), then asks ownerOf for a token they name, and tokenURI. Bounded: a few log
 * windows (growing, halved when the provider caps the range) and a few calls.
 */
final class BehaviourProbe {
    /** Log queries before giving up on finding a first Transfer. */
    static final int MAX_LOG_QUERIES = 12;
    static final long FIRST_WINDOW = 2_000;
    static final long MAX_WINDOW = 500_000;
    /** Token ids asked about (a burned one reverts ownerOf). */
    static final int MAX_TOKENS = 5;

    private BehaviourProbe() {}

    /** What the contract showed: a token, its owner, and whether tokenURI answered for it. */
    record Evidence(long block, BigInteger tokenId, String owner, boolean tokenUri) {
        String describe() {
            return "Transfer logs with the token id indexed (first at block " + block + "), ownerOf(" + tokenId + ")"
                    + (tokenUri ? " and tokenURI(" + tokenId + ")" : "") + " answer";
        }
    }

    /**
     * The evidence that {@code address} behaves as an ERC-721, or a refusal naming what it lacks.
     *
     * @param why why ERC-165 could not decide, for the refusal's text
     */
    static Evidence probe(ChainNode node, String address, long fromBlock, String why) {
        long head = node.blockNumber();
        List<ChainNode.RawTransfer> found = new ArrayList<>();
        boolean fungible = false;
        long from = fromBlock;
        long window = FIRST_WINDOW;
        int queries = 0;
        while (from <= head && found.isEmpty() && queries < MAX_LOG_QUERIES) {
            long to = Math.min(head, from + window - 1);
            queries++;
            List<ChainNode.RawTransfer> logs;
            try {
                logs = node.transferLogs(address, from, to);
            } catch (ChainException e) {
                if (ChainNode.isRangeLimit(e) && window > 1) {
                    window = Math.max(1, window / 2);
                    continue;
                }
                throw e;
            }
            for (ChainNode.RawTransfer log : logs) {
                if (log.topics().size() == 4 && found.size() < MAX_TOKENS) {
                    found.add(log);
                } else if (log.topics().size() == 3) {
                    fungible = true;
                }
            }
            from = to + 1;
            window = Math.min(MAX_WINDOW, window * 2);
        }
        if (found.isEmpty()) {
            throw new ContractRejectedException(address + " is not recognised as an ERC-721: " + why + ", and "
                    + (fungible ? "its Transfer logs carry an amount with two indexed arguments (a fungible, ERC-20 token)"
                            : "no Transfer log with the token id indexed was found from block " + fromBlock + " to "
                                    + Math.min(head, from - 1) + " (register it again once it has minted)"));
        }
        for (ChainNode.RawTransfer log : found) {
            BigInteger tokenId = Numeric.toBigInt(log.topics().get(3));
            String owner = answer(node, address, Erc721Abi.ownerOf(tokenId), Erc721Abi::decodeAddress);
            if (owner != null) {
                boolean tokenUri = answer(node, address, Erc721Abi.tokenUri(tokenId), Erc721Abi::decodeString) != null;
                return new Evidence(found.get(0).blockNumber(), tokenId, owner, tokenUri);
            }
        }
        throw new ContractRejectedException(address + " is not recognised as an ERC-721: " + why
                + ", and ownerOf reverted for every token its Transfer logs name ("
                + found.stream().map(l -> Numeric.toBigInt(l.topics().get(3)).toString()).toList() + ")");
    }

    /** The decoded answer, or null when the call reverts or answers something else. */
    private static String answer(ChainNode node, String address, Function function, BiFunction<Function, String, String> decode) {
        try {
            return decode.apply(function, node.call(address, function));
        } catch (CallRevertedException | IllegalArgumentException | ClassCastException e) {
            return null;
        }
    }
}
