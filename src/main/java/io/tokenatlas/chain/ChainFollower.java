package io.tokenatlas.chain;

import io.quarkus.scheduler.Scheduled;
import io.tokenatlas.config.AtlasConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Reads each followed collection's Transfer logs in block windows, from its cursor up to the
 * confirmed head (head minus the chain's confirmations), and applies them.
 */
@ApplicationScoped
public class ChainFollower {
    private static final Logger LOG = Logger.getLogger(ChainFollower.class);
    /** A round stops after this long so that other collections get their turn. */
    private static final long ROUND_BUDGET_MS = 5_000;

    private final ChainNodes nodes;
    private final CollectionRepository collections;
    private final TransferLedgerRepository ledger;
    private final Map<Long, Long> lastPoll = new ConcurrentHashMap<>();

    public ChainFollower(ChainNodes nodes, CollectionRepository collections, TransferLedgerRepository ledger) {
        this.nodes = nodes;
        this.collections = collections;
        this.ledger = ledger;
    }

    @Scheduled(every = "1s", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void round() {
        for (Collection collection : collections.followed()) {
            AtlasConfig.Chain chain;
            try {
                chain = nodes.chain(collection.chainId());
            } catch (UnknownChainException e) {
                collections.recordError(collection.id(), e.getMessage());
                continue;
            }
            long now = System.currentTimeMillis();
            Long last = lastPoll.get(collection.id());
            if (last != null && now - last < chain.pollInterval().toMillis()) {
                continue;
            }
            lastPoll.put(collection.id(), now);
            try {
                follow(collection, chain);
            } catch (ChainException e) {
                LOG.warnf("collection %d: %s; retrying at the next poll", collection.id(), e.getMessage());
                collections.recordError(collection.id(), e.getMessage());
            }
        }
    }

    /** Applies windows until the collection reaches the confirmed head or the round's budget is spent. */
    public void follow(Collection collection, AtlasConfig.Chain chain) {
        ChainNode node = nodes.node(collection.chainId());
        long head = node.blockNumber();
        long target = head - chain.confirmations();
        long cursor = collection.cursorBlock();
        long started = System.currentTimeMillis();
        if (cursor >= target) {
            ledger.recordHead(collection.id(), head, CollectionStatus.FOLLOWING);
            return;
        }
        while (cursor < target && System.currentTimeMillis() - started < ROUND_BUDGET_MS) {
            long from = cursor + 1;
            long to = Math.min(target, cursor + chain.logWindow());
            List<TransferLog> logs = node.transferLogs(collection.address(), from, to);
            BlockHeader end = node.block(to);
            CollectionStatus status = to >= target ? CollectionStatus.FOLLOWING : CollectionStatus.BACKFILLING;
            if (!ledger.apply(collection.id(), cursor, logs, end, head, status)) {
                LOG.infof("collection %d: cursor moved elsewhere, leaving this round", collection.id());
                return;
            }
            if (!logs.isEmpty()) {
                LOG.infof("collection %d: applied %d Transfer logs in blocks %d..%d", collection.id(), logs.size(),
                        from, to);
            }
            cursor = to;
        }
    }
}
