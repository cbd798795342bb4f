package io.tokenatlas.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.web3j.abi.datatypes.Function;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;

/**
 * The one client of a chain's JSON-RPC node. Turns I/O failures into {@link ChainException}s
 * that say which call failed; reverts are {@link CallRevertedException}s.
 */
public class ChainNode {
    private final long chainId;
    private final Web3j web3j;

    public ChainNode(long chainId, Web3j web3j) {
        this.chainId = chainId;
        this.web3j = web3j;
    }

    public long chainId() {
        return chainId;
    }

    public long blockNumber() {
        return answer("eth_blockNumber", () -> web3j.ethBlockNumber().send()).getBlockNumber().longValueExact();
    }

    public BlockHeader block(long number) {
        EthBlock.Block block = answer("eth_getBlockByNumber " + number,
                () -> web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false).send())
                .getBlock();
        if (block == null) {
            throw new ChainException("block " + number + " not found on chain " + chainId, true, null);
        }
        return new BlockHeader(number, block.getHash(), block.getParentHash());
    }

    /** True when the address holds code at the given block (or at the latest block when null). */
    public boolean hasCode(String address, Long atBlock) {
        DefaultBlockParameter at = atBlock == null
                ? DefaultBlockParameterName.LATEST
                : DefaultBlockParameter.valueOf(BigInteger.valueOf(atBlock));
        String code = answer("eth_getCode " + address, () -> web3j.ethGetCode(address, at).send()).getCode();
        return code != null && code.length() > 2;
    }

    /** eth_call at the latest block; returns the raw answer, or throws {@link CallRevertedException}. */
    public String call(String address, Function function) {
        String data = Erc721Abi.encode(function);
        String what = function.getName() + " on " + address;
        EthCall result = send(what, () -> web3j.ethCall(
                Transaction.createEthCallTransaction(null, address, data), DefaultBlockParameterName.LATEST).send());
        if (result.isReverted() || (result.hasError() && isRevert(result.getError()))) {
            String reason = result.hasError() ? result.getError().getMessage() : result.getRevertReason();
            throw new CallRevertedException(what + " reverted" + (reason == null ? "" : ": " + reason));
        }
        if (result.hasError()) {
            throw new ChainException(what + " failed on chain " + chainId + ": " + result.getError().getMessage(), true, null);
        }
        return result.getValue();
    }

    /** ERC-721 Transfer logs of one contract in [from, to], in chain order. */
    public List<TransferLog> transferLogs(String address, long from, long to) {
        EthFilter filter = new EthFilter(
                DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
                DefaultBlockParameter.valueOf(BigInteger.valueOf(to)),
                address);
        filter.addSingleTopic(Erc721Abi.TRANSFER_TOPIC);
        EthLog answer = answer("eth_getLogs " + from + ".." + to + " of " + address,
                () -> web3j.ethGetLogs(filter).send());
        List<TransferLog> logs = new ArrayList<>();
        for (EthLog.LogResult<?> result : answer.getLogs()) {
            if (result.get() instanceof Log log && Erc721Abi.isErc721Transfer(log)) {
                logs.add(Erc721Abi.decodeTransfer(log));
            }
        }
        return logs;
    }

    private static boolean isRevert(Response.Error error) {
        String message = error.getMessage() == null ? "" : error.getMessage().toLowerCase(Locale.ROOT);
        return message.contains("revert") || error.getCode() == 3;
    }

    private interface Call<T> {
        T send() throws IOException;
    }

    private <T extends Response<?>> T send(String what, Call<T> call) {
        try {
            return call.send();
        } catch (IOException | RuntimeException e) {
            throw new ChainException(what + " failed on chain " + chainId + ": " + e.getMessage(), true, e);
        }
    }

    private <T extends Response<?>> T answer(String what, Call<T> call) {
        T response = send(what, call);
        if (response.hasError()) {
            throw new ChainException(what + " failed on chain " + chainId + ": " + response.getError().getMessage(),
                    true, null);
        }
        return response;
    }
}
