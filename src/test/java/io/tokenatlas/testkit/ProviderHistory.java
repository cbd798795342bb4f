package io.tokenatlas.testkit;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;

/**
 * A collection's history shaped like a real drop's: a mint-out of every token in consecutive
 * blocks (100 a transaction, each mint a Transfer and a MetadataUpdate), then later trades spread
 * evenly over the rest of {@code blocks} blocks (300 a transaction, tokens and holders drawn from
 * a seed). Anvil mines about a hundred empty blocks a second and slows down as its chain grows, so
 * histories here span thousands of blocks, not the million of a real one; a proxy's block-range
 * cap scaled alike gives as many log windows.
 */
public final class ProviderHistory {
    static final int MINTS_PER_TX = 100;
    static final int MOVES_PER_TX = 300;

    /** The collection, the block before its deployment and its last block, and the logs it made. */
    public record History(String address, long before, long last, int tokens, int transfers) {
        /** Transfer and MetadataUpdate per mint, a Transfer per trade. */
        public int logs() {
            return 2 * tokens + transfers;
        }
    }

    private ProviderHistory() {}

    public static History build(Anvil anvil, ChainWriter chain, int tokens, int transfers, int blocks, long seed) {
        long before = Bench.blockNumber(chain.web3j());
        String address = chain.deployCollection("History", "HIST");
        List<String> uris = new ArrayList<>();
        for (int i = 1; i <= tokens; i++) {
            uris.add("ipfs://bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy/" + i);
            if (uris.size() == MINTS_PER_TX || i == tokens) {
                chain.mintBatch(address, uris);
                uris.clear();
            }
        }
        Random random = new Random(seed);
        int txs = (transfers + MOVES_PER_TX - 1) / MOVES_PER_TX;
        long used = Bench.blockNumber(chain.web3j()) - before;
        long gap = Math.max(0, (blocks - used - txs) / Math.max(1, txs));
        for (int done = 0; done < transfers; done += MOVES_PER_TX) {
            if (gap > 0) {
                anvil.rpc("anvil_mine", "[\"0x" + Long.toHexString(gap) + "\"]");
            }
            List<Address> holders = new ArrayList<>();
            List<Uint256> ids = new ArrayList<>();
            for (int i = done; i < Math.min(transfers, done + MOVES_PER_TX); i++) {
                holders.add(new Address(BigInteger.valueOf(0x1000 + random.nextInt(500))));
                ids.add(new Uint256(1 + random.nextInt(tokens)));
            }
            chain.call(address, new Function("moveBatch", List.of(new DynamicArray<>(Address.class, holders),
                    new DynamicArray<>(Uint256.class, ids)), List.of()));
        }
        return new History(address, before, Bench.blockNumber(chain.web3j()), tokens, transfers);
    }
}
