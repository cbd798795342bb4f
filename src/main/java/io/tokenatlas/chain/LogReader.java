package io.tokenatlas.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;
import org.web3j.protocol.core.BatchResponse;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;

/**
 * Reads one block window of a collection's logs so that it never mixes two branches: the window's
 * last block is read before and after the logs (read again if it changed), and the block below
 * the window after them, so that whoever applies the window can check it continues the one before.
 * The four reads go in one JSON-RPC batch. A range the provider refuses as too large is read in
 * halves, one request at a time, and the window shrinks for the windows planned after it. Safe to
 * run for several windows at once.
 */
final class LogReader {
    private static final Logger LOG = Logger.getLogger(LogReader.class);

    private LogReader() {}

    /**
     * The logs of blocks (base, to], the header of block {@code to}, and the hash block {@code base}
     * had after the logs were read (null below block 0 or when {@code to == base}).
     */
    record Read(List<ChainLog> logs, BlockHeader end, String baseHash, long millis) {}

    /** Calls in the batch that reads a window. */
    static final int BATCHED_READS = 4;

    /** As described above; {@code batches}: false for a provider whose batches cannot hold four calls. */
    static Read read(ChainNode node, Collection collection, LogWindow window, long base, long to, boolean batches) {
        long started = System.currentTimeMillis();
        if (to <= base) {
            BlockHeader end = node.block(base);
            return new Read(List.of(), end, end.hash(), System.currentTimeMillis() - started);
        }
        while (true) {
            BlockHeader before;
            List<ChainLog> logs;
            BlockHeader end;
            String baseHash = null;
            BatchedRead batched = batches && base >= 0 ? batched(node, collection, window, base, to) : null;
            if (batched != null) {
                before = batched.before();
                logs = batched.logs();
                end = batched.end();
                baseHash = batched.base() == null ? "" : batched.base().hash();
            } else {
                // From block 0, without batches, or a range the provider refused as too large: one read at a
                // time, the logs in halves.
                before = node.block(to);
                logs = logs(node, collection, window, base + 1, to);
                if (base >= 0) {
                    BlockHeader[] after = node.blocksOrNull(to, base);
                    end = after[0];
                    baseHash = after[1] == null ? "" : after[1].hash();
                } else {
                    end = node.blockOrNull(to);
                }
            }
            if (before == null || end == null) {
                throw new ChainException("block " + to + " not found on chain " + node.chainId(), true, null);
            }
            if (before.hash().equals(end.hash())) {
                return new Read(logs, end, baseHash, System.currentTimeMillis() - started);
            }
        }
    }

    /** A window as one batch read it: block {@code to} before and after the logs, and block {@code base} after. */
    record BatchedRead(BlockHeader before, List<ChainLog> logs, BlockHeader end, BlockHeader base) {}

    /**
     * The window's reads in one JSON-RPC batch, in the order they would be sent one by one: the
     * header of {@code to}, the logs of (base, to], the headers of {@code to} and {@code base}. One
     * round trip instead of three, so a provider's latency is paid once a window. Null when the
     * provider refused the range as too large (it is then read in halves).
     */
    static BatchedRead batched(ChainNode node, Collection collection, LogWindow window, long base, long to) {
        EthFilter filter = LogFilters.collection(collection.address(), base + 1, to, collection.multiToken());
        String what = "eth_getLogs " + (base + 1) + ".." + to + " of " + collection.address();
        BatchResponse batch = node.send(what + " with its blocks", BATCHED_READS, w -> w.newBatch()
                .add(w.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(to)), false))
                .add(w.ethGetLogs(filter))
                .add(w.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(to)), false))
                .add(w.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(base)), false))
                .send());
        List<? extends Response<?>> answers = batch.getResponses();
        if (answers.size() < 2 || !(answers.get(1) instanceof EthLog found) || found.hasError()) {
            ChainException e = node.failed(what, answers.size() < 2 ? null : answers.get(1));
            if (to - base > 1 && ChainNode.isRangeLimit(e)) {
                return null;
            }
            throw e;
        }
        List<ChainLog> logs = LogFilters.decode(found, collection.multiToken());
        window.answered(to - base, logs.size());
        return new BatchedRead(node.headerAt(batch, 0, to), logs, node.headerAt(batch, 2, to),
                node.headerAt(batch, 3, base));
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
