package io.tokenatlas.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;

/** The eth_getLogs filters the daemon sends and the decoding of their answers. Pure. */
final class LogFilters {
    private LogFilters() {}

    /** Transfer (or the ERC-1155 transfers and URI) and the metadata events of one contract in [from, to]. */
    static EthFilter collection(String address, long from, long to, boolean multiToken) {
        EthFilter filter = range(address, from, to);
        if (multiToken) {
            filter.addOptionalTopics(Erc1155Abi.TRANSFER_SINGLE_TOPIC, Erc1155Abi.TRANSFER_BATCH_TOPIC,
                    Erc1155Abi.URI_TOPIC, Erc721Abi.METADATA_UPDATE_TOPIC, Erc721Abi.BATCH_METADATA_UPDATE_TOPIC,
                    Erc721Abi.CONTRACT_URI_UPDATED_TOPIC);
        } else {
            filter.addOptionalTopics(Erc721Abi.TRANSFER_TOPIC, Erc721Abi.METADATA_UPDATE_TOPIC,
                    Erc721Abi.BATCH_METADATA_UPDATE_TOPIC, Erc721Abi.CONTRACT_URI_UPDATED_TOPIC);
        }
        return filter;
    }

    /** Every log with the Transfer topic of one contract in [from, to]. */
    static EthFilter transfers(String address, long from, long to) {
        EthFilter filter = range(address, from, to);
        filter.addSingleTopic(Erc721Abi.TRANSFER_TOPIC);
        return filter;
    }

    private static EthFilter range(String address, long from, long to) {
        return new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
                DefaultBlockParameter.valueOf(BigInteger.valueOf(to)), address);
    }

    /** The logs of a {@link #transfers} answer as they came: block and topics. */
    static List<ChainNode.RawTransfer> raw(EthLog answer) {
        List<ChainNode.RawTransfer> logs = new ArrayList<>();
        for (EthLog.LogResult<?> result : answer.getLogs()) {
            if (result.get() instanceof Log log) {
                logs.add(new ChainNode.RawTransfer(log.getBlockNumber().longValueExact(), List.copyOf(log.getTopics())));
            }
        }
        return logs;
    }

    /** The logs of a {@link #collection} answer the daemon understands, in chain order. */
    static List<ChainLog> decode(EthLog answer, boolean multiToken) {
        List<ChainLog> logs = new ArrayList<>();
        for (EthLog.LogResult<?> result : answer.getLogs()) {
            if (result.get() instanceof Log log) {
                ChainLog decoded = Erc721Abi.decode(log);
                if (multiToken && !(decoded instanceof MetadataUpdate || decoded instanceof ContractUriUpdate)) {
                    logs.addAll(Erc1155Abi.decode(log));
                } else if (decoded != null) {
                    logs.add(decoded);
                }
            }
        }
        logs.sort(Comparator.comparingLong(ChainLog::blockNumber).thenComparingInt(ChainLog::logIndex)
                .thenComparingInt(l -> l instanceof TransferLog t ? t.batchIndex() : 0));
        return logs;
    }
}
