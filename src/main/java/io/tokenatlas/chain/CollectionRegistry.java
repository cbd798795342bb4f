package io.tokenatlas.chain;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/** Registers a contract as a collection after checking that it is an ERC-721. */
@ApplicationScoped
public class CollectionRegistry {
    private static final Logger LOG = Logger.getLogger(CollectionRegistry.class);
    /** An address as the API takes it: 0x and 40 hex digits, any case. */
    public static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

    private final ChainNodes nodes;
    private final ContractProbe probe;
    private final CollectionRepository collections;
    private final ChainFollower follower;

    public CollectionRegistry(ChainNodes nodes, ContractProbe probe, CollectionRepository collections,
            ChainFollower follower) {
        this.nodes = nodes;
        this.probe = probe;
        this.collections = collections;
        this.follower = follower;
    }

    /** What registering gave: the collection and whether it was new. */
    public record Registration(Collection collection, boolean created) {}

    /**
     * Registers the contract, or returns the existing collection for the same chain and address.
     * Throws {@link ContractRejectedException} when it is not an ERC-721.
     */
    public Registration register(long chainId, String rawAddress, Long fromBlock) {
        if (rawAddress == null || !ADDRESS.matcher(rawAddress).matches()) {
            throw new IllegalArgumentException("address must be 0x followed by 40 hex digits, got " + rawAddress);
        }
        if (fromBlock != null && fromBlock < 0) {
            throw new IllegalArgumentException("fromBlock must be >= 0, got " + fromBlock);
        }
        String address = rawAddress.toLowerCase(Locale.ROOT);
        nodes.chain(chainId);
        var existing = collections.byAddress(chainId, address);
        if (existing.isPresent()) {
            return new Registration(existing.get(), false);
        }
        ChainNode node = nodes.node(chainId);
        CollectionEntity entity = new CollectionEntity();
        // The deployment block is looked up once, when the backfill or the behaviour probe needs it.
        java.util.function.LongSupplier startBlock = () -> {
            if (entity.fromBlockSource == null) {
                startBlock(node, chainId, address, fromBlock, entity);
            }
            return entity.fromBlock;
        };
        ContractProbe.TokenContract contract = probe.probe(node, address, startBlock);

        entity.chainId = chainId;
        entity.address = address;
        entity.name = contract.name();
        entity.symbol = contract.symbol();
        entity.supportsMetadata = contract.metadata();
        entity.supportsEnumerable = contract.enumerable();
        entity.supportsErc4906 = contract.erc4906();
        entity.recognisedBy = contract.recognisedBy();
        entity.standard = contract.standard();
        startBlock.getAsLong();
        entity.cursorBlock = entity.fromBlock - 1;
        entity.status = CollectionStatus.BACKFILLING.name();
        try {
            Collection created = collections.insert(entity);
            LOG.infof("collection %d registered: %s on chain %d (%s), from block %d (%s)", created.id(), address,
                    chainId, contract.name(), entity.fromBlock, entity.fromBlockSource);
            follower.wake(chainId);
            return new Registration(created, true);
        } catch (RuntimeException e) {
            // Two registrations raced: the other one won.
            return collections.byAddress(chainId, address).map(c -> new Registration(c, false)).orElseThrow(() -> e);
        }
    }

    /** Where the backfill starts: the given block, else the deployment block, else the chain's start block. */
    private void startBlock(ChainNode node, long chainId, String address, Long fromBlock, CollectionEntity entity) {
        if (fromBlock != null) {
            entity.fromBlock = fromBlock;
            entity.fromBlockSource = "given";
            return;
        }
        try {
            long head = node.blockNumber();
            entity.fromBlock = ContractProbe.firstBlockWithCode(head, block -> node.hasCode(address, block));
            entity.fromBlockSource = "deployment block found with eth_getCode";
        } catch (ChainException e) {
            // Nodes without history cannot answer eth_getCode for old blocks.
            entity.fromBlock = nodes.chain(chainId).startBlock();
            entity.fromBlockSource = "configured start block (the deployment block could not be found: "
                    + e.getMessage() + ")";
        }
    }
}
