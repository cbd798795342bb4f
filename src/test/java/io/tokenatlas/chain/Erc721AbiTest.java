package io.tokenatlas.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.methods.response.Log;

class Erc721AbiTest {
    @Test
    void encodesCallsWithTheirSelectors() {
        assertEquals("0x01ffc9a780ac58cd00000000000000000000000000000000000000000000000000000000",
                Erc721Abi.encode(Erc721Abi.supportsInterface(Erc721Abi.ERC721)));
        assertEquals("0xc87b56dd" + "0".repeat(62) + "2a", Erc721Abi.encode(Erc721Abi.tokenUri(BigInteger.valueOf(42))));
    }

    @Test
    void decodesBoolAndString() {
        var supports = Erc721Abi.supportsInterface(Erc721Abi.ERC721);
        assertTrue(Erc721Abi.decodeBool(supports, "0x" + "0".repeat(63) + "1"));
        assertFalse(Erc721Abi.decodeBool(supports, "0x" + "0".repeat(64)));
        String abc = "0x" + "0".repeat(62) + "20" + "0".repeat(63) + "3" + "616263" + "0".repeat(58);
        assertEquals("abc", Erc721Abi.decodeString(Erc721Abi.name(), abc));
    }

    @Test
    void aShortOrEmptyAnswerIsNotABool() {
        var supports = Erc721Abi.supportsInterface(Erc721Abi.ERC165);
        assertThrows(IllegalArgumentException.class, () -> Erc721Abi.decodeBool(supports, "0x"));
        assertThrows(IllegalArgumentException.class, () -> Erc721Abi.decodeBool(supports, null));
        assertThrows(IllegalArgumentException.class, () -> Erc721Abi.decodeString(Erc721Abi.name(), "0x" + "0".repeat(64)));
    }

    @Test
    void decodesAnErc721TransferAndTellsItFromAnErc20One() {
        Log log = new Log();
        log.setBlockNumber("0x10");
        log.setBlockHash("0xabc");
        log.setLogIndex("0x2");
        log.setTransactionHash("0xdef");
        String from = "0x" + "0".repeat(64);
        String to = "0x000000000000000000000000" + "F39FD6E51AAD88F6F4CE6AB8827279CFFFB92266";
        String id = "0x" + "0".repeat(61) + "4d2";
        log.setTopics(List.of(Erc721Abi.TRANSFER_TOPIC, from, to, id));
        assertTrue(Erc721Abi.isErc721Transfer(log));
        TransferLog t = Erc721Abi.decodeTransfer(log);
        assertEquals(new TransferLog(16, "0xabc", 2, "0xdef", TransferLog.ZERO_ADDRESS,
                "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", BigInteger.valueOf(1234)), t);
        assertTrue(t.isMint());
        assertFalse(t.isBurn());

        log.setTopics(List.of(Erc721Abi.TRANSFER_TOPIC, from, to));
        assertFalse(Erc721Abi.isErc721Transfer(log), "ERC-20 Transfer has 3 topics");
    }

    @Test
    void topicsAreTheKeccakOfTheEventSignatures() {
        assertEquals(Erc721Abi.TRANSFER_TOPIC, org.web3j.crypto.Hash.sha3String("Transfer(address,address,uint256)"));
        assertEquals(Erc721Abi.METADATA_UPDATE_TOPIC, org.web3j.crypto.Hash.sha3String("MetadataUpdate(uint256)"));
        assertEquals(Erc721Abi.BATCH_METADATA_UPDATE_TOPIC,
                org.web3j.crypto.Hash.sha3String("BatchMetadataUpdate(uint256,uint256)"));
    }

    @Test
    void decodesErc4906UpdatesWithTheirRange() {
        Log single = new Log();
        single.setBlockNumber("0x5");
        single.setLogIndex("0x0");
        single.setTopics(List.of(Erc721Abi.METADATA_UPDATE_TOPIC));
        single.setData("0x" + "0".repeat(62) + "07");
        assertEquals(new MetadataUpdate(5, 0, BigInteger.valueOf(7), BigInteger.valueOf(7)), Erc721Abi.decode(single));
        Log batch = new Log();
        batch.setBlockNumber("0x6");
        batch.setLogIndex("0x1");
        batch.setTopics(List.of(Erc721Abi.BATCH_METADATA_UPDATE_TOPIC));
        batch.setData("0x" + "0".repeat(63) + "9" + "0".repeat(63) + "2");
        assertEquals(new MetadataUpdate(6, 1, BigInteger.TWO, BigInteger.valueOf(9)), Erc721Abi.decode(batch),
                "a reversed range is put in order");
        batch.setData("0x12");
        assertEquals(null, Erc721Abi.decode(batch), "a short data field is not an update");
    }

    @Test
    void findsTheFirstBlockWithCode() {
        assertEquals(0, ContractProbe.firstBlockWithCode(100, b -> true));
        assertEquals(37, ContractProbe.firstBlockWithCode(100, b -> b >= 37));
        assertEquals(100, ContractProbe.firstBlockWithCode(100, b -> b >= 100));
        assertEquals(0, ContractProbe.firstBlockWithCode(0, b -> true));
        int[] calls = {0};
        ContractProbe.firstBlockWithCode(20_000_000, b -> {
            calls[0]++;
            return b >= 12_345_678;
        });
        assertTrue(calls[0] <= 26, "binary search took " + calls[0] + " calls");
    }

    @Test
    void contractUriUpdatedIsTheErc7572Event() {
        assertEquals(org.web3j.abi.EventEncoder.encode(new org.web3j.abi.datatypes.Event("ContractURIUpdated", List.of())),
                Erc721Abi.CONTRACT_URI_UPDATED_TOPIC);
        org.web3j.protocol.core.methods.response.Log log = new org.web3j.protocol.core.methods.response.Log();
        log.setTopics(List.of(Erc721Abi.CONTRACT_URI_UPDATED_TOPIC));
        log.setData("0x");
        log.setBlockNumber("0x9");
        log.setLogIndex("0x1");
        assertEquals(new ContractUriUpdate(9, 1), Erc721Abi.decode(log));
    }
}
