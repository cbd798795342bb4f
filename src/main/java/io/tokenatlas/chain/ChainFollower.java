package io.tokenatlas.chain;

import io.quarkus.scheduler.Scheduled;
import io.tokenatlas.config.ChainConfig;
import io.tokenatlas.coordination.CollectionLocks;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Brings each followed collection up to its chain's confirmed head: reads Transfer and ERC-4906
 * logs in adaptive block windows and applies them. Before each window it checks that the block
 * under the cursor is still canonical; when it is not (a reorg), it walks back through the kept
 * block hashes to the common ancestor and rewinds there in the same transaction as the first
 * canonical window. Woken by the poll timer, or at once by new-head notifications.
 */
@ApplicationScoped
public class ChainFollower {
    private static final Logger LOG = Logger.getLogger(ChainFollower.class);
    /** A round stops after this long so that other collections get their turn. */
    private static final long ROUND_BUDGET_MS = 5_000;
    /** The most logs of windows read ahead that are written together in one transaction. */
    private static final int JOINED_LOGS = 10_000;
    /** With a live WebSocket the timer is only a safety net, this many poll intervals apart. */
    private static final int POLL_FACTOR_WITH_SOCKET = 5;

    private final ChainNodes nodes;
    private final CollectionRepository collections;
    private final TransferLedgerRepository ledger;
    private final SupplyCheck supplyCheck;
    private final CollectionLocks locks;
    private final Map<Long, LogWindow> windows = new ConcurrentHashMap<>();
    private final Map<Long, Long> lastRound = new ConcurrentHashMap<>();
    private final Map<Long, ReentrantLock> chainLocks = new ConcurrentHashMap<>();
    private final Map<Long, AtomicBoolean> roundAgain = new ConcurrentHashMap<>();
    private final ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor();

    public ChainFollower(ChainNodes nodes, CollectionRepository collections, TransferLedgerRepository ledger,
            SupplyCheck supplyCheck, CollectionLocks locks) {
        this.nodes = nodes;
        this.collections = collections;
        this.ledger = ledger;
        this.supplyCheck = supplyCheck;
        this.locks = locks;
    }

    @Scheduled(every = "1s", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        long now = System.currentTimeMillis();
        List<Long> chains = nodes.chainIds();
        for (long chainId : chains) {
            ChainConfig chain = nodes.chain(chainId);
            long interval = chain.pollInterval().toMillis()
                    * (nodes.node(chainId).webSocketUp() ? POLL_FACTOR_WITH_SOCKET : 1);
            if (now - lastRound.getOrDefault(chainId, 0L) >= interval) {
                followChain(chainId);
            }
        }
        for (Collection c : collections.followed()) {
            if (!chains.contains(c.chainId())) {
                collections.recordError(c.id(), new UnknownChainException(c.chainId()).getMessage());
            }
        }
    }

    /** Asks for a round on a chain now (a new head was announced); returns at once. */
    public void wake(long chainId) {
        Thread.ofVirtual().name("follow-" + chainId).start(() -> followChain(chainId));
    }

    /**
     * One round over a chain's collections. When a round on that chain is running already, it is
     * asked to go once more when it ends, so that a head announced meanwhile is not left waiting.
     */
    public void followChain(long chainId) {
        ReentrantLock lock = chainLocks.computeIfAbsent(chainId, id -> new ReentrantLock());
        AtomicBoolean again = roundAgain.computeIfAbsent(chainId, id -> new AtomicBoolean());
        again.set(true);
        while (again.get() && lock.tryLock()) {
            try {
                again.set(false);
                round(chainId);
            } finally {
                lock.unlock();
            }
        }
    }

    private void round(long chainId) {
        lastRound.put(chainId, System.currentTimeMillis());
        for (Collection collection : collections.followed()) {
            if (collection.chainId() != chainId) {
                continue;
            }
            var lock = locks.tryLock(CollectionLocks.Job.FOLLOW, collection.id());
            if (lock.isEmpty()) {
                continue; // another replica follows this collection now
            }
            try (var held = lock.get()) {
                Outcome outcome = follow(collection);
                if (outcome == Outcome.CAUGHT_UP_NOW && collection.enumerable()) {
                    checkSupply(collection);
                }
                if (outcome == Outcome.MORE) {
                    roundAgain.get(chainId).set(true); // a backfill goes on at once, after the chain's other collections
                }
            } catch (ChainException e) {
                LOG.warnf("collection %d: %s; retrying at the next round", collection.id(), e.getMessage());
                collections.recordError(collection.id(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.errorf(e, "collection %d: following failed", collection.id());
                collections.recordError(collection.id(), "following failed: " + e.getMessage());
            }
        }
    }

    private void checkSupply(Collection collection) {
        try {
            supplyCheck.run(collection);
        } catch (RuntimeException e) {
            collections.recordSupplyCheck(collection.id(), "the enumerable check failed: " + e.getMessage());
        }
    }

    /** Applies windows until the collection reaches the confirmed head or the round's budget is spent. */
    Outcome follow(Collection collection) {
        ChainConfig chain = nodes.chain(collection.chainId());
        ChainNode node = nodes.node(collection.chainId());
        LogWindow window = windows.computeIfAbsent(collection.id(), id -> new LogWindow(chain.logWindow()));
        long target = node.confirmedHead(chain.finality(), chain.confirmations());
        if (target < 0) {
            return Outcome.BEHIND;
        }
        long head = node.status().head();
        BlockHeader base = new BlockHeader(collection.cursorBlock(), collection.cursorHash(), null);
        Long rewindTo = null;
        if (base.hash() != null && !canonical(node, base)) {
            base = commonAncestor(collection, node);
            rewindTo = base.number();
            LOG.warnf("collection %d: block %d is no longer canonical (reorg); rolling back to block %d",
                    collection.id(), collection.cursorBlock(), base.number());
        }
        boolean backfilling = collection.status() == CollectionStatus.BACKFILLING;
        if (base.number() >= target && rewindTo == null) {
            ledger.recordHead(collection.id(), head, CollectionStatus.FOLLOWING);
            return backfilling ? Outcome.CAUGHT_UP_NOW : Outcome.FOLLOWING;
        }
        long expected = collection.cursorBlock();
        String expectedHash = base.hash();
        long started = System.currentTimeMillis();
        // Several windows are read at once and applied in order, so the node's latency, not its round trips, sets the pace.
        Deque<Future<LogReader.Read>> pending = new ArrayDeque<>();
        int inFlight = Math.max(1, chain.logReadsInFlight());
        boolean batches = chain.batchSize() >= LogReader.BATCHED_READS;
        long planned = base.number();
        boolean first = true;
        try {
            while (true) {
                while (pending.size() < inFlight && (first || planned < target
                        && System.currentTimeMillis() - started < ROUND_BUDGET_MS)) {
                    long from = planned;
                    long to = Math.max(from, Math.min(target, from + window.size()));
                    pending.add(readers.submit(() -> LogReader.read(node, collection, window, from, to, batches)));
                    planned = to;
                    first = false;
                }
                if (pending.isEmpty()) {
                    break;
                }
                LogReader.Read read = await(pending.removeFirst());
                if (expectedHash != null && !expectedHash.equals(read.baseHash())) {
                    LOG.infof("collection %d: block %d changed while windows were read; the next round checks for a reorg",
                            collection.id(), expected);
                    return Outcome.BEHIND;
                }
                read = withReadAfter(read, pending);
                BlockHeader end = read.end();
                CollectionStatus status = end.number() >= target ? CollectionStatus.FOLLOWING : CollectionStatus.BACKFILLING;
                long writeStart = System.currentTimeMillis();
                if (!ledger.apply(collection.id(), new TransferLedgerRepository.Window(expected, rewindTo, read.logs(), end,
                        head, status, collection.multiToken()))) {
                    LOG.infof("collection %d: cursor moved elsewhere, leaving this round", collection.id());
                    return Outcome.BEHIND;
                }
                if (!read.logs().isEmpty()) {
                    LOG.infof("collection %d: applied %d logs in blocks %d..%d (read %d ms, written %d ms)", collection.id(),
                            read.logs().size(), expected + 1, end.number(), read.millis(),
                            System.currentTimeMillis() - writeStart);
                }
                expected = end.number();
                expectedHash = end.hash();
                rewindTo = null;
            }
        } finally {
            pending.forEach(f -> f.cancel(true));
        }
        if (expected < target) {
            return Outcome.MORE;
        }
        return backfilling ? Outcome.CAUGHT_UP_NOW : Outcome.FOLLOWING;
    }

    /**
     * {@code read} joined with the windows after it that are already read and continue it, so they
     * are written in one transaction (up to {@link #JOINED_LOGS} logs); a window that does not
     * continue it, or failed, stays for the loop to meet.
     */
    private static LogReader.Read withReadAfter(LogReader.Read read, Deque<Future<LogReader.Read>> pending) {
        List<ChainLog> logs = null;
        LogReader.Read joined = read;
        while (!pending.isEmpty() && pending.peekFirst().state() == Future.State.SUCCESS) {
            LogReader.Read next = pending.peekFirst().resultNow();
            if (next.baseHash() == null || !next.baseHash().equals(joined.end().hash())
                    || joined.logs().size() + next.logs().size() > JOINED_LOGS) {
                break;
            }
            pending.removeFirst();
            if (logs == null) {
                logs = new ArrayList<>(joined.logs());
            }
            logs.addAll(next.logs());
            joined = new LogReader.Read(logs, next.end(), read.baseHash(), Math.max(joined.millis(), next.millis()));
        }
        return joined;
    }

    /** How a collection's round ended. */
    enum Outcome {
        /** At the target; it was there before the round. */
        FOLLOWING,
        /** At the target for the first time: the backfill ended in this round. */
        CAUGHT_UP_NOW,
        /** Stopped by the round's budget with blocks left: another round should follow at once. */
        MORE,
        /** Stopped by a change on the chain or another replica; the next round takes it up. */
        BEHIND
    }

    private static LogReader.Read await(Future<LogReader.Read> pending) {
        try {
            return pending.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChainException("interrupted while reading logs", true, e);
        }
    }

    /** False also when the block does not exist (a node that restarted from older state). */
    private static boolean canonical(ChainNode node, BlockHeader block) {
        BlockHeader current = node.blockOrNull(block.number());
        return current != null && current.hash().equals(block.hash());
    }

    /** The newest kept block that is still canonical, or the block before the start when none is. */
    private BlockHeader commonAncestor(Collection collection, ChainNode node) {
        long below = collection.cursorBlock();
        while (true) {
            List<BlockHeader> kept = ledger.keptBlocks(collection.id(), below, 64);
            for (BlockHeader block : kept) {
                if (canonical(node, block)) {
                    return block;
                }
            }
            if (kept.size() < 64) {
                LOG.warnf("collection %d: no kept block is canonical; reading again from block %d", collection.id(),
                        collection.fromBlock());
                return new BlockHeader(collection.fromBlock() - 1, null, null);
            }
            below = kept.getLast().number() - 1;
        }
    }
}
