package io.tokenatlas.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.core.methods.response.Log;

class Erc1155AbiTest {
    private static final String OPERATOR = "0x" + "0".repeat(24) + "11".repeat(20);
    private static final String ALICE = "0x" + "0".repeat(24) + "a1".repeat(20);
    private static final String ZERO = "0x" + "0".repeat(64);

    @Test
    void theTopicsAreTheEventSignatures() {
        assertEquals(EventEncoder.encode(new Event("TransferSingle", List.of(new TypeReference<Address>(true) {},
                new TypeReference<Address>(true) {}, new TypeReference<Address>(true) {}, new TypeReference<Uint256>() {},
                new TypeReference<Uint256>() {}))), Erc1155Abi.TRANSFER_SINGLE_TOPIC);
        assertEquals(EventEncoder.encode(new Event("TransferBatch", List.of(new TypeReference<Address>(true) {},
                new TypeReference<Address>(true) {}, new TypeReference<Address>(true) {},
                new TypeReference<DynamicArray<Uint256>>() {}, new TypeReference<DynamicArray<Uint256>>() {}))),
                Erc1155Abi.TRANSFER_BATCH_TOPIC);
        assertEquals(EventEncoder.encode(new Event("URI", List.of(new TypeReference<Utf8String>() {},
                new TypeReference<Uint256>(true) {}))), Erc1155Abi.URI_TOPIC);
    }

    @Test
    void aBatchIsOneTransferPerIdWithItsAmount() {
        String data = FunctionEncoder.encodeConstructor(List.of(
                new DynamicArray<>(Uint256.class, List.of(new Uint256(7), new Uint256(8), new Uint256(9))),
                new DynamicArray<>(Uint256.class, List.of(new Uint256(100), new Uint256(1), new Uint256(5)))));
        List<ChainLog> decoded = Erc1155Abi.decode(log(Erc1155Abi.TRANSFER_BATCH_TOPIC, data));
        assertEquals(3, decoded.size());
        TransferLog second = (TransferLog) decoded.get(1);
        assertEquals(BigInteger.valueOf(8), second.tokenId());
        assertEquals(BigInteger.ONE, second.amount());
        assertEquals(1, second.batchIndex());
        assertEquals(TransferLog.ZERO_ADDRESS, second.from());
        assertEquals("0x" + "a1".repeat(20), second.to());
        assertEquals(true, second.isMint());
    }

    @Test
    void aSingleTransferAndAUriEvent() {
        String data = FunctionEncoder.encodeConstructor(List.of(new Uint256(42), new Uint256(3)));
        TransferLog single = (TransferLog) Erc1155Abi.decode(log(Erc1155Abi.TRANSFER_SINGLE_TOPIC, data)).get(0);
        assertEquals(BigInteger.valueOf(42), single.tokenId());
        assertEquals(BigInteger.valueOf(3), single.amount());
        Log uri = log(Erc1155Abi.URI_TOPIC, FunctionEncoder.encodeConstructor(List.of(new Utf8String("ipfs://x/{id}"))));
        uri.setTopics(List.of(Erc1155Abi.URI_TOPIC, "0x" + "0".repeat(62) + "2a"));
        assertEquals(List.of(new MetadataUpdate(5, 2, BigInteger.valueOf(42), BigInteger.valueOf(42))), Erc1155Abi.decode(uri));
    }

    @Test
    void aMalformedOrOversizedBatchIsNoLogAtAll() {
        String mismatched = FunctionEncoder.encodeConstructor(List.of(
                new DynamicArray<>(Uint256.class, List.of(new Uint256(7), new Uint256(8))),
                new DynamicArray<>(Uint256.class, List.of(new Uint256(100)))));
        String offsetOutside = "f".repeat(64) + "0".repeat(62) + "40" + "0".repeat(64) + "0".repeat(64);
        // Claims 2^255 ids in four words.
        String hugeLength = "0".repeat(62) + "40" + "0".repeat(62) + "60" + "8" + "0".repeat(63) + "0".repeat(64);
        String oversize = "0".repeat(62) + "40" + "0".repeat(62) + "60" + String.format("%064x", Erc1155Abi.MAX_BATCH + 1)
                + String.format("%064x", Erc1155Abi.MAX_BATCH + 1);
        for (String data : List.of(mismatched, offsetOutside, hugeLength, oversize, "00", "")) {
            assertEquals(List.of(), Erc1155Abi.decode(log(Erc1155Abi.TRANSFER_BATCH_TOPIC, data)), data);
        }
        assertEquals(List.of(), Erc1155Abi.decode(log(Erc1155Abi.TRANSFER_SINGLE_TOPIC, "0".repeat(64))));
    }

    private static Log log(String topic, String data) {
        Log log = new Log();
        log.setTopics(List.of(topic, OPERATOR, ZERO, ALICE));
        log.setData("0x" + data);
        log.setBlockNumber("0x5");
        log.setLogIndex("0x2");
        log.setBlockHash("0x" + "b".repeat(64));
        log.setTransactionHash("0x" + "c".repeat(64));
        return log;
    }
}
