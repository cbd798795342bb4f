package io.tokenatlas.chain;

import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * For ERC721Enumerable contracts, compares the token set the logs gave with the contract's own
 * (totalSupply and tokenByIndex, in JSON-RPC batches) and records the result on the collection.
 */
@ApplicationScoped
public class SupplyCheck {
    private static final Logger LOG = Logger.getLogger(SupplyCheck.class);
    private static final int SHOWN = 10;

    private final ChainNodes nodes;
    private final CollectionRepository collections;
    private final TransferLedgerRepository ledger;

    public SupplyCheck(ChainNodes nodes, CollectionRepository collections, TransferLedgerRepository ledger) {
        this.nodes = nodes;
        this.collections = collections;
        this.ledger = ledger;
    }

    public void run(Collection collection) {
        ChainNode node = nodes.node(collection.chainId());
        var totalSupply = Erc721Abi.totalSupply();
        BigInteger supply = Erc721Abi.decodeUint(totalSupply, node.call(collection.address(), totalSupply));
        List<org.web3j.abi.datatypes.Function> calls = new ArrayList<>();
        for (long i = 0; i < supply.longValueExact(); i++) {
            calls.add(Erc721Abi.tokenByIndex(BigInteger.valueOf(i)));
        }
        Set<BigInteger> listed = new TreeSet<>();
        var answers = node.callBatch(collection.address(), calls, nodes.chain(collection.chainId()).batchSize(), null);
        for (int i = 0; i < answers.size(); i++) {
            if (answers.get(i).failure() != null) {
                throw answers.get(i).failure();
            }
            listed.add(Erc721Abi.decodeUint(calls.get(i), answers.get(i).value()));
        }
        Set<BigInteger> known = ledger.liveTokens(collection.id());
        Set<BigInteger> missing = new TreeSet<>(listed);
        missing.removeAll(known);
        Set<BigInteger> extra = new TreeSet<>(known);
        extra.removeAll(listed);
        String result = missing.isEmpty() && extra.isEmpty()
                ? "ok: the " + listed.size() + " tokens match totalSupply and tokenByIndex"
                : "mismatch: the contract lists " + listed.size() + " tokens, the logs gave " + known.size()
                        + (missing.isEmpty() ? "" : "; missing " + first(missing))
                        + (extra.isEmpty() ? "" : "; not listed by the contract " + first(extra));
        if (!missing.isEmpty() || !extra.isEmpty()) {
            LOG.warnf("collection %d: enumerable check %s", collection.id(), result);
        }
        collections.recordSupplyCheck(collection.id(), result);
    }

    private static String first(Set<BigInteger> ids) {
        List<String> shown = ids.stream().limit(SHOWN).map(BigInteger::toString).toList();
        return String.join(", ", shown) + (ids.size() > SHOWN ? " and " + (ids.size() - SHOWN) + " more" : "");
    }
}
