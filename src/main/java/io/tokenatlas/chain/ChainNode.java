package io.tokenatlas.chain;

import io.tokenatlas.config.ChainConfig;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Locale;
import java.util.regex.Pattern;
import org.web3j.abi.datatypes.Function;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.BatchResponse;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.DefaultBlockParameterNumber;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthCall;

/**
 * The one client of a chain: its RPC URLs in order of preference (a failing URL hands over to the
 * next and is retried after a cool-down), a rate limit, and the chain's recent errors. I/O failures
 * become {@link ChainException}s that say which call failed; reverts are {@link CallRevertedException}s.
 */
public class ChainNode {
    private static final int RECENT_ERRORS = 20;
    private static final Pattern RANGE_LIMIT = Pattern.compile(
            "(more than|too many|range|limit|exceed|response size|timed? ?out|block range)", Pattern.CASE_INSENSITIVE);

    private final long chainId;
    private final List<RpcEndpoint> endpoints;
    private final RateLimiter limiter;
    private final Deque<ChainStatus.RecentError> recentErrors = new ArrayDeque<>();
    private volatile RpcEndpoint inUse;
    private volatile Long head;
    private volatile Instant headSeenAt;
    private volatile boolean webSocketConnected;

    private final io.micrometer.core.instrument.MeterRegistry meters;

    public ChainNode(long chainId, List<RpcEndpoint> endpoints, ChainConfig config,
            io.micrometer.core.instrument.MeterRegistry meters) {
        this.chainId = chainId;
        this.meters = meters;
        this.endpoints = endpoints;
        this.limiter = new RateLimiter(config.requestsPerSecond());
        this.inUse = endpoints.getFirst();
    }

    public long chainId() {
        return chainId;
    }

    public long blockNumber() {
        long number = answer("eth_blockNumber", 1, w -> w.ethBlockNumber().send()).getBlockNumber().longValueExact();
        head = number;
        headSeenAt = Instant.now();
        return number;
    }

    /** The highest block that counts: latest minus confirmations, or the node's safe / finalized block. */
    public long confirmedHead(ChainConfig.Finality finality, int confirmations) {
        long latest = blockNumber();
        return switch (finality) {
            case LATEST -> latest - confirmations;
            case SAFE -> tagged(DefaultBlockParameterName.SAFE);
            case FINALIZED -> tagged(DefaultBlockParameterName.FINALIZED);
        };
    }

    private long tagged(DefaultBlockParameterName tag) {
        BlockHeader block = header(tag);
        return block == null ? -1 : block.number();
    }

    public BlockHeader block(long number) {
        BlockHeader block = blockOrNull(number);
        if (block == null) {
            throw new ChainException("block " + number + " not found on chain " + chainId, true, null);
        }
        return block;
    }

    /** The block's header, or null when the node has no such block. */
    public BlockHeader blockOrNull(long number) {
        return header(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)));
    }

    /** The node's latest block: its number and hash, so that reads made at it can name it. */
    public BlockHeader latestBlock() {
        return Objects.requireNonNull(header(DefaultBlockParameterName.LATEST), "a node without a latest block");
    }

    private BlockHeader header(DefaultBlockParameter at) {
        String which = at instanceof DefaultBlockParameterNumber n ? n.getBlockNumber().toString() : at.getValue();
        EthBlock.Block block = answer("eth_getBlockByNumber " + which, 1,
                w -> w.ethGetBlockByNumber(at, false).send()).getBlock();
        return block == null ? null : new BlockHeader(block.getNumber().longValueExact(), block.getHash(), block.getParentHash());
    }

    /** The headers of two blocks in one JSON-RPC batch (null for a block the node does not have). */
    public BlockHeader[] blocksOrNull(long first, long second) {
        BatchResponse batch = send("eth_getBlockByNumber " + first + " and " + second, 2, w -> w.newBatch()
                .add(w.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(first)), false))
                .add(w.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(second)), false))
                .send());
        return new BlockHeader[] {headerAt(batch, 0, first), headerAt(batch, 1, second)};
    }

    /** The failure of an answer (null: missing from its batch): counted, remembered, scrubbed of secrets. */
    ChainException failed(String what, Response<?> answer) {
        countRequests("error", 1);
        String why = answer != null && answer.hasError() ? answer.getError().getMessage()
                : "the batch answer is missing";
        String message = what + " failed on chain " + chainId + ": " + inUse.scrub(why);
        remember(inUse.label, message);
        return new ChainException(message, true, null);
    }

    /** Answer {@code i} of a batch as a block header (null for a block the node does not have). */
    BlockHeader headerAt(BatchResponse batch, int i, long number) {
        List<? extends Response<?>> answers = batch.getResponses();
        if (i >= answers.size() || !(answers.get(i) instanceof EthBlock answer) || answer.hasError()) {
            throw failed("eth_getBlockByNumber " + number, i < answers.size() ? answers.get(i) : null);
        }
        EthBlock.Block block = answer.getBlock();
        return block == null ? null : new BlockHeader(number, block.getHash(), block.getParentHash());
    }

    /** True when the address holds code at the given block (or at the latest block when null). */
    public boolean hasCode(String address, Long atBlock) {
        DefaultBlockParameter at = atBlock == null
                ? DefaultBlockParameterName.LATEST
                : DefaultBlockParameter.valueOf(BigInteger.valueOf(atBlock));
        String code = answer("eth_getCode " + address + (atBlock == null ? "" : " at block " + atBlock), 1,
                w -> w.ethGetCode(address, at).send()).getCode();
        return code != null && code.length() > 2;
    }

    /** eth_call at the latest block; returns the raw answer, or throws {@link CallRevertedException}. */
    public String call(String address, Function function) {
        String what = function.getName() + " on " + address;
        EthCall result = send(what, 1, w -> w.ethCall(callTransaction(address, function),
                DefaultBlockParameterName.LATEST).send());
        return callValue(what, result);
    }

    /** The outcome of one call in a batch: the raw answer, or the reason it failed. */
    public record CallOutcome(String value, ChainException failure) {}

    /** The same function shape called for many arguments in JSON-RPC batches of {@code batchSize}, at a block (null: latest). */
    public List<CallOutcome> callBatch(String address, List<Function> functions, int batchSize, Long atBlock) {
        DefaultBlockParameter at = atBlock == null ? DefaultBlockParameterName.LATEST
                : DefaultBlockParameter.valueOf(BigInteger.valueOf(atBlock));
        List<CallOutcome> outcomes = new ArrayList<>(functions.size());
        for (int start = 0; start < functions.size(); start += batchSize) {
            List<Function> part = functions.subList(start, Math.min(functions.size(), start + batchSize));
            BatchResponse batch = send("a batch of " + part.size() + " " + part.getFirst().getName() + " calls on "
                    + address, part.size(), w -> {
                var request = w.newBatch();
                for (Function f : part) {
                    request.add(w.ethCall(callTransaction(address, f), at));
                }
                return request.send();
            });
            List<? extends Response<?>> responses = batch.getResponses();
            for (int i = 0; i < part.size(); i++) {
                String what = part.get(i).getName() + " on " + address;
                try {
                    if (i >= responses.size() || !(responses.get(i) instanceof EthCall call)) {
                        throw new ChainException(what + ": the batch answer is missing", true, null);
                    }
                    outcomes.add(new CallOutcome(callValue(what, call), null));
                } catch (ChainException e) {
                    outcomes.add(new CallOutcome(null, e));
                }
            }
        }
        return outcomes;
    }

    private static Transaction callTransaction(String address, Function function) {
        return Transaction.createEthCallTransaction(null, address,
                org.web3j.abi.FunctionEncoder.encode(function));
    }

    private String callValue(String what, EthCall result) {
        if (result.isReverted() || (result.hasError() && isRevert(result.getError()))) {
            String reason = result.hasError() ? result.getError().getMessage() : result.getRevertReason();
            throw new CallRevertedException(what + " reverted" + (reason == null ? "" : ": " + reason));
        }
        if (result.hasError()) {
            throw new ChainException(what + " failed on chain " + chainId + ": " + result.getError().getMessage(), true, null);
        }
        return result.getValue();
    }

    /**
     * Transfer and ERC-4906 logs of one contract in [from, to], in chain order; of an ERC-1155
     * ({@code multiToken}), TransferSingle, TransferBatch and URI instead of Transfer.
     */
    public List<ChainLog> collectionLogs(String address, long from, long to, boolean multiToken) {
        EthFilter filter = LogFilters.collection(address, from, to, multiToken);
        return LogFilters.decode(answer("eth_getLogs " + from + ".." + to + " of " + address, 1,
                w -> w.ethGetLogs(filter).send()), multiToken);
    }

    /** A Transfer log as it came (any number of indexed arguments), for recognising a contract by behaviour. */
    public record RawTransfer(long blockNumber, List<String> topics) {}

    /** Every log with the Transfer topic of one contract in [from, to], ERC-20 shaped ones included. */
    public List<RawTransfer> transferLogs(String address, long from, long to) {
        EthFilter filter = LogFilters.transfers(address, from, to);
        return LogFilters.raw(answer("eth_getLogs " + from + ".." + to + " of " + address, 1, w -> w.ethGetLogs(filter).send()));
    }

    /** True for errors by which a provider says a log query asked for too much. */
    public static boolean isRangeLimit(ChainException e) {
        return e.getMessage() != null && RANGE_LIMIT.matcher(e.getMessage()).find();
    }

    public synchronized ChainStatus status() {
        return new ChainStatus(chainId, head, headSeenAt, inUse.label, webSocketConnected,
                endpoints.stream().map(RpcEndpoint::status).toList(), List.copyOf(recentErrors));
    }

    void shutdown() {
        endpoints.forEach(e -> e.web3j.shutdown());
    }

    /** Whether the new-heads WebSocket of this chain is up. */
    public boolean webSocketUp() {
        return webSocketConnected;
    }

    void webSocketConnected(boolean connected) {
        this.webSocketConnected = connected;
    }

    private static boolean isRevert(Response.Error error) {
        String message = error.getMessage() == null ? "" : error.getMessage().toLowerCase(Locale.ROOT);
        return message.contains("revert") || error.getCode() == 3;
    }

    interface EndpointCall<T> {
        T send(Web3j web3j) throws IOException;
    }

    /** Sends through the first healthy endpoint, handing over to the next on an I/O failure; counts as {@code permits}. */
    <T> T send(String what, int permits, EndpointCall<T> call) {
        List<RpcEndpoint> order = new ArrayList<>(endpoints.stream().filter(RpcEndpoint::healthy).toList());
        endpoints.stream().filter(e -> !order.contains(e)).forEach(order::add);
        List<String> errors = new ArrayList<>();
        for (RpcEndpoint endpoint : order) {
            limiter.acquire(permits);
            try {
                T result = call.send(endpoint.web3j);
                endpoint.succeeded();
                countRequests("ok", permits);
                inUse = endpoint;
                return result;
            } catch (IOException | RuntimeException e) {
                String message = endpoint.scrub(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                endpoint.failed(message);
                countRequests("unreachable", permits);
                remember(endpoint.label, what + ": " + message);
                errors.add(endpoint.label + ": " + message);
            }
        }
        throw new ChainException(what + " failed on chain " + chainId + ": " + String.join("; ", errors), true, null);
    }

    private <T extends Response<?>> T answer(String what, int permits, EndpointCall<T> call) {
        T response = send(what, permits, call);
        if (response.hasError()) {
            throw failed(what, response);
        }
        return response;
    }

    /** RPC requests by outcome: ok, error (the node answered with an error), unreachable (I/O failure). */
    private void countRequests(String outcome, int n) {
        meters.counter("atlas.rpc.requests", "chain", Long.toString(chainId), "outcome", outcome).increment(n);
    }

    private synchronized void remember(String url, String message) {
        recentErrors.addFirst(new ChainStatus.RecentError(Instant.now(), url, message));
        while (recentErrors.size() > RECENT_ERRORS) {
            recentErrors.removeLast();
        }
    }
}
