package io.tokenatlas.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

/**
 * The parts of ERC-1155 the daemon reads: TransferSingle and TransferBatch (each id of a batch as
 * its own {@link TransferLog} with its amount), the URI event (a metadata update of that id), and
 * {@code uri(id)}. Log data is written by strangers: a malformed or oversized batch is no log at
 * all, never an exception or a huge allocation. Pure.
 */
public final class Erc1155Abi {
    /** TransferSingle(address indexed operator, address indexed from, address indexed to, uint256 id, uint256 value). */
    public static final String TRANSFER_SINGLE_TOPIC = "0xc3d58168c5ae7397731d063d5bbf3d657854427343f4c083240f7aacaa2d0f62";
    /** TransferBatch(address indexed operator, address indexed from, address indexed to, uint256[] ids, uint256[] values). */
    public static final String TRANSFER_BATCH_TOPIC = "0x4a39dc06d4c0dbc64b70af90fd698a233a518aa5d07e595d983b8c0526c8f7fb";
    /** URI(string value, uint256 indexed id). */
    public static final String URI_TOPIC = "0x6bb7ff708619ba0610cba295a58592e0451dee2622938c8755667688daf3529b";
    public static final String ERC1155 = "0xd9b67a26";
    public static final String ERC1155_METADATA_URI = "0x0e89341c";
    /** Most ids one TransferBatch log may carry; a longer one is not applied. */
    public static final int MAX_BATCH = 10_000;

    private Erc1155Abi() {}

    public static Function uri(BigInteger id) {
        return new Function("uri", List.of(new Uint256(id)), List.of(new TypeReference<Utf8String>() {}));
    }

    /** The transfers or metadata update one log means; empty for anything else or anything malformed. */
    public static List<ChainLog> decode(Log log) {
        List<String> topics = log.getTopics();
        if (topics == null || topics.isEmpty()) {
            return List.of();
        }
        String topic = topics.getFirst();
        String data = Numeric.cleanHexPrefix(log.getData() == null ? "" : log.getData());
        long block = log.getBlockNumber().longValueExact();
        int index = log.getLogIndex().intValueExact();
        if (URI_TOPIC.equalsIgnoreCase(topic) && topics.size() == 2) {
            BigInteger id = Numeric.toBigInt(topics.get(1));
            return List.of(new MetadataUpdate(block, index, id, id));
        }
        boolean single = TRANSFER_SINGLE_TOPIC.equalsIgnoreCase(topic);
        if (!(single || TRANSFER_BATCH_TOPIC.equalsIgnoreCase(topic)) || topics.size() != 4) {
            return List.of();
        }
        String from = Erc721Abi.topicAddress(topics.get(2));
        String to = Erc721Abi.topicAddress(topics.get(3));
        List<BigInteger[]> moves = single ? singleMove(data) : batchMoves(data);
        List<ChainLog> out = new ArrayList<>(moves.size());
        for (int i = 0; i < moves.size(); i++) {
            out.add(new TransferLog(block, log.getBlockHash(), index, i, log.getTransactionHash(), from, to,
                    moves.get(i)[0], moves.get(i)[1]));
        }
        return out;
    }

    private static List<BigInteger[]> singleMove(String data) {
        if (data.length() < 128) {
            return List.of();
        }
        return List.<BigInteger[]>of(new BigInteger[] {word(data, 0), word(data, 1)});
    }

    /** (ids[], values[]) as ABI-encoded dynamic arrays; empty when any offset, length or size is off. */
    static List<BigInteger[]> batchMoves(String data) {
        int words = data.length() / 64;
        if (data.length() % 64 != 0 || words < 4) {
            return List.of();
        }
        long idsAt = offsetWord(data, 0, words);
        long valuesAt = offsetWord(data, 1, words);
        if (idsAt < 0 || valuesAt < 0) {
            return List.of();
        }
        BigInteger idCount = word(data, (int) idsAt);
        BigInteger valueCount = word(data, (int) valuesAt);
        if (!idCount.equals(valueCount) || idCount.compareTo(BigInteger.valueOf(MAX_BATCH)) > 0) {
            return List.of();
        }
        int n = idCount.intValueExact();
        if (idsAt + 1 + n > words || valuesAt + 1 + n > words) {
            return List.of();
        }
        List<BigInteger[]> moves = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            moves.add(new BigInteger[] {word(data, (int) idsAt + 1 + i), word(data, (int) valuesAt + 1 + i)});
        }
        return moves;
    }

    /** A byte offset word turned into a word index inside the data, or -1. */
    private static long offsetWord(String data, int word, int words) {
        BigInteger offset = word(data, word);
        if (offset.compareTo(BigInteger.valueOf((long) words * 32)) >= 0 || offset.mod(BigInteger.valueOf(32)).signum() != 0) {
            return -1;
        }
        return offset.longValueExact() / 32;
    }

    private static BigInteger word(String data, int word) {
        return new BigInteger(data.substring(word * 64, word * 64 + 64), 16);
    }
}
