package io.tokenatlas.chain;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes4;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

/** ABI encoding and decoding of the ERC-721 / ERC-165 calls and events the daemon uses. No I/O. */
public final class Erc721Abi {
    /** keccak256("Transfer(address,address,uint256)"), shared with ERC-20; ERC-721 indexes tokenId (4 topics). */
    public static final String TRANSFER_TOPIC = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";

    /** keccak256("MetadataUpdate(uint256)") of ERC-4906. */
    public static final String METADATA_UPDATE_TOPIC = "0xf8e1a15aba9398e019f0b49df1a4fde98ee17ae345cb5f6b5e2c27f5033e8ce7";
    /** keccak256("BatchMetadataUpdate(uint256,uint256)") of ERC-4906. */
    public static final String BATCH_METADATA_UPDATE_TOPIC = "0x6bd5c950a8d8df17f772f5af37cb3655737899cbf903264b9795592da439661c";

    /** ERC-7572 ContractURIUpdated(). */
    public static final String CONTRACT_URI_UPDATED_TOPIC = "0xa5d4097edda6d87cb9329af83fb3712ef77eeb13738ffe43cc35a4ce305ad962";
    public static final String ERC165 = "0x01ffc9a7";
    public static final String ERC721 = "0x80ac58cd";
    public static final String ERC721_METADATA = "0x5b5e139f";
    public static final String ERC721_ENUMERABLE = "0x780e9d63";
    public static final String ERC4906 = "0x49064906";
    public static final String INVALID_INTERFACE = "0xffffffff";

    private Erc721Abi() {}

    public static Function supportsInterface(String interfaceId) {
        return new Function("supportsInterface",
                List.of(new Bytes4(Numeric.hexStringToByteArray(interfaceId))),
                List.of(new TypeReference<Bool>() {}));
    }

    public static Function tokenUri(BigInteger tokenId) {
        return new Function("tokenURI", List.of(new Uint256(tokenId)), List.of(new TypeReference<Utf8String>() {}));
    }

    public static Function ownerOf(BigInteger tokenId) {
        return new Function("ownerOf", List.of(new Uint256(tokenId)), List.of(new TypeReference<Address>() {}));
    }

    public static Function contractUri() {
        return new Function("contractURI", List.of(), List.of(new TypeReference<Utf8String>() {}));
    }

    public static Function name() {
        return new Function("name", List.of(), List.of(new TypeReference<Utf8String>() {}));
    }

    public static Function symbol() {
        return new Function("symbol", List.of(), List.of(new TypeReference<Utf8String>() {}));
    }

    public static String encode(Function function) {
        return FunctionEncoder.encode(function);
    }

    /** Decodes a bool answer; an empty or short answer is not a bool (e.g. a contract without the function). */
    public static boolean decodeBool(Function function, String returned) {
        return (Boolean) decodeSingle(function, returned, 32).getValue();
    }

    public static String decodeAddress(Function function, String returned) {
        return ((Address) decodeSingle(function, returned, 32)).getValue().toLowerCase(Locale.ROOT);
    }

    public static String decodeString(Function function, String returned) {
        return (String) decodeSingle(function, returned, 64).getValue();
    }

    private static Type<?> decodeSingle(Function function, String returned, int minBytes) {
        String hex = returned == null ? "" : Numeric.cleanHexPrefix(returned);
        if (hex.length() < minBytes * 2) {
            throw new IllegalArgumentException(function.getName() + " returned " + (hex.length() / 2) + " bytes");
        }
        List<?> values = FunctionReturnDecoder.decode(returned, function.getOutputParameters());
        if (values.isEmpty()) {
            throw new IllegalArgumentException(function.getName() + " returned an undecodable answer");
        }
        return (Type<?>) values.getFirst();
    }

    /** True for an ERC-721 Transfer log: the Transfer topic and four topics (tokenId indexed). */
    public static boolean isErc721Transfer(Log log) {
        List<String> topics = log.getTopics();
        return topics != null && topics.size() == 4 && TRANSFER_TOPIC.equalsIgnoreCase(topics.getFirst());
    }

    public static TransferLog decodeTransfer(Log log) {
        List<String> topics = log.getTopics();
        return new TransferLog(
                log.getBlockNumber().longValueExact(),
                log.getBlockHash(),
                log.getLogIndex().intValueExact(),
                log.getTransactionHash(),
                topicAddress(topics.get(1)),
                topicAddress(topics.get(2)),
                Numeric.toBigInt(topics.get(3)));
    }

    /** Decodes a log of one of the three kinds the follower reads; null for anything else. */
    public static ChainLog decode(Log log) {
        List<String> topics = log.getTopics();
        if (topics == null || topics.isEmpty()) {
            return null;
        }
        String topic = topics.getFirst();
        if (isErc721Transfer(log)) {
            return decodeTransfer(log);
        }
        if (CONTRACT_URI_UPDATED_TOPIC.equalsIgnoreCase(topic)) {
            return new ContractUriUpdate(log.getBlockNumber().longValueExact(), log.getLogIndex().intValueExact());
        }
        boolean single = METADATA_UPDATE_TOPIC.equalsIgnoreCase(topic);
        if (single || BATCH_METADATA_UPDATE_TOPIC.equalsIgnoreCase(topic)) {
            String data = Numeric.cleanHexPrefix(log.getData() == null ? "" : log.getData());
            if (data.length() < (single ? 64 : 128)) {
                return null;
            }
            BigInteger from = new BigInteger(data.substring(0, 64), 16);
            BigInteger to = single ? from : new BigInteger(data.substring(64, 128), 16);
            return new MetadataUpdate(log.getBlockNumber().longValueExact(), log.getLogIndex().intValueExact(),
                    from.min(to), from.max(to));
        }
        return null;
    }

    public static Function totalSupply() {
        return new Function("totalSupply", List.of(), List.of(new TypeReference<Uint256>() {}));
    }

    public static Function tokenByIndex(BigInteger index) {
        return new Function("tokenByIndex", List.of(new Uint256(index)), List.of(new TypeReference<Uint256>() {}));
    }

    public static BigInteger decodeUint(Function function, String returned) {
        return (BigInteger) decodeSingle(function, returned, 32).getValue();
    }

    static String topicAddress(String topic) {
        String hex = Numeric.cleanHexPrefix(topic);
        return "0x" + hex.substring(hex.length() - 40).toLowerCase(Locale.ROOT);
    }
}
