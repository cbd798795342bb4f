package io.tokenatlas.chain;

import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Reads one block window of a collection's logs so that it never mixes two branches: the window's
 * last block is read before and after the logs (read again if it changed), and the block below
 * the window after them, so that whoever applies the window can check it continues the one before.
 * A range the provider refuses as too large is read in halves, and the window shrinks for the
 * windows planned after it. Safe to run for several windows at once.
 */
final class LogReader {
    private static final Logger LOG = Logger.getLogger(LogReader.class);

    private LogReader() {}

    /**
     * The logs of blocks (base, to], the header of block {@code to}, and the hash block {@code base}
     * had after the logs were read (null below block 0 or when {@code to == base}).
     */
    record Read(List<ChainLog> logs, BlockHeader end, String baseHash, long millis) {}

    static Read read(ChainNode node, Collection collection, LogWindow window, long base, long to) {
        long started = System.currentTimeMillis();
        if (to <= base) {
            BlockHeader end = node.block(base);
            return new Read(List.of(), end, end.hash(), System.currentTimeMillis() - started);
        }
        while (true) {
            BlockHeader before = node.block(to);
            List<ChainLog> logs = logs(node, collection, window, base + 1, to);
            BlockHeader end;
            String baseHash = null;
            if (base >= 0) {
                BlockHeader[] after = node.blocksOrNull(to, base);
                end = after[0];
                baseHash = after[1] == null ? "" : after[1].hash();
            } else {
                end = node.blockOrNull(to);
            }
            if (end == null) {
                throw new ChainException("block " + to + " not found on chain " + node.chainId(), true, null);
            }
            if (before.hash().equals(end.hash())) {
                return new Read(logs, end, baseHash, System.currentTimeMillis() - started);
            }
        }
    }

    /** The logs of [from, to]; a range the provider refuses as too large is read in halves. */
    private static List<ChainLog> logs(ChainNode node, Collection collection, LogWindow window, long from, long to) {
        try {
            List<ChainLog> logs = node.collectionLogs(collection.address(), from, to, collection.multiToken());
            window.answered(to - from + 1, logs.size());
            return logs;
        } catch (ChainException e) {
            if (from >= to || !ChainNode.isRangeLimit(e)) {
                throw e;
            }
            window.shrink(to - from + 1);
            LOG.infof("collection %d: %s; reading blocks %d..%d in halves, log window now %d blocks", collection.id(),
                    e.getMessage(), from, to, window.size());
            long middle = from + (to - from) / 2;
            List<ChainLog> out = new ArrayList<>(logs(node, collection, window, from, middle));
            out.addAll(logs(node, collection, window, middle + 1, to));
            return out;
        }
    }
}
