package io.tokenatlas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenatlas.testkit.Anvil;
import io.tokenatlas.testkit.AtlasClient;
import io.tokenatlas.testkit.ChainTruth;
import io.tokenatlas.testkit.ChainWriter;
import io.tokenatlas.testkit.DaemonProcess;
import io.tokenatlas.testkit.DemoCollection;
import io.tokenatlas.testkit.IpfsGateway;
import io.tokenatlas.testkit.RealParts;
import io.tokenatlas.testkit.StaticServer;
import io.tokenatlas.testkit.TestDatabase;
import io.tokenatlas.testkit.Waits;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;

/**
 * anvil_reorg at depths 1, 2, 5 and 20 while the daemon follows the head (no confirmations): after
 * each, the daemon's tokens and owners equal what ownerOf says on the chain, and its cursor sits on
 * a canonical block. No node here sends removed logs, so this exercises the hash-based detection.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReorgIT {
    static final String OTHER = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
    static final String THIRD = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";
    static Anvil anvil;
    static IpfsGateway ipfs;
    static StaticServer http;
    static ChainWriter chain;
    static DaemonProcess daemon;
    static AtlasClient api;
    static RealParts parts;
    static String address;
    static String url;
    static int published = 100;

    @BeforeAll
    static void start() {
        parts = RealParts.start("reorg");
        anvil = parts.anvil();
        ipfs = parts.ipfs();
        http = parts.http();
        chain = parts.chain();
        address = DemoCollection.publish(chain, ipfs, http, 6, 3, i -> { }).address();
        daemon = parts.daemon(parts.config());
        api = new AtlasClient(daemon.url());
        url = api.register(Anvil.CHAIN_ID, address).location();
        awaitAgreement("the first six tokens");
        awaitEmbedded(6);
    }

    @AfterAll
    static void stop() {
        if (parts != null) {
            parts.close();
        }
    }

    @Test
    @Order(1)
    void depthOneRemovesAMintWithItsVectorAndMapPoint() {
        BigInteger id = mint();
        awaitEmbedded(7);
        anvil.reorg(1, "[]");
        awaitAgreement("the mint of token " + id + " undone");
        assertEquals("0", TestDatabase.query(TestDatabase.NAME,
                "SELECT count(*) FROM embedding WHERE token_id = " + id).getFirst().getFirst());
        assertFalse(api.get(url + "/map").body().toString().contains("\"tokenId\":\"" + id + "\""));
        assertEquals(404, api.get(url + "/tokens/" + id).status());
    }

    @Test
    @Order(2)
    void depthTwoReplacesAMintAndATransferWithAnotherTransfer() {
        mint();
        chain.call(address, transferFrom(chain.account(), OTHER, 1));
        awaitAgreement("a mint and a transfer");
        anvil.reorg(2, "[[" + tx(transferFrom(chain.account(), THIRD, 2)) + ", 0]]");
        Map<BigInteger, String> truth = awaitAgreement("depth 2");
        assertEquals(THIRD, truth.get(BigInteger.TWO));
        assertEquals(chain.account().toLowerCase(), truth.get(BigInteger.ONE));
    }

    @Test
    @Order(3)
    void depthFiveMintsAnotherTokenUnderAnOrphanedId() {
        anvil.mine(2);
        BigInteger first = mint();
        mint();
        anvil.mine(1);
        awaitAgreement("two more mints");
        String newUri = DemoCollection.prepare(++published, 3, ipfs, http).tokenUri();
        anvil.reorg(5, "[[" + tx(new Function("mint", List.of(new Address(chain.account()), new Utf8String(newUri)),
                List.of())) + ", 3]]");
        awaitAgreement("depth 5");
        Waits.until(Duration.ofSeconds(60), "token " + first + " resolved again with its new tokenURI", () ->
                newUri.equals(api.get(url + "/tokens/" + first).body().path("tokenUri").asText()) ? true : null);
        awaitEmbedded(7);
    }

    @Test
    @Order(4)
    void depthOneReplacesABurnWithATransfer() {
        chain.burn(address, BigInteger.valueOf(4));
        awaitAgreement("token 4 burned");
        assertTrue(api.get(url + "/tokens/4").body().get("burned").asBoolean());
        anvil.reorg(1, "[[" + tx(transferFrom(chain.account(), OTHER, 4)) + ", 0]]");
        Map<BigInteger, String> truth = awaitAgreement("the burn replaced by a transfer");
        assertEquals(OTHER, truth.get(BigInteger.valueOf(4)));
        assertEquals(200, api.get(url + "/tokens/4/similar?k=3").status(), "token 4 is back in /similar");
    }

    @Test
    @Order(5)
    void depthTwentyUndoesBurnsTransfersAndMintsAcrossManyBlocks() {
        anvil.mine(10);
        chain.burn(address, BigInteger.valueOf(5));
        chain.call(address, transferFrom(chain.account(), OTHER, 6));
        mint();
        anvil.mine(7);
        awaitAgreement("twenty blocks of changes");
        anvil.reorg(20, "[[" + tx(transferFrom(chain.account(), THIRD, 5)) + ", 4]]");
        Map<BigInteger, String> truth = awaitAgreement("depth 20");
        assertEquals(THIRD, truth.get(BigInteger.valueOf(5)));
        assertEquals(chain.account().toLowerCase(), truth.get(BigInteger.valueOf(6)));
    }

    static BigInteger mint() {
        var token = DemoCollection.prepare(++published, 3, ipfs, http);
        chain.mint(address, token.tokenUri());
        return ChainTruth.owners(chain.web3j(), address).keySet().stream().max(BigInteger::compareTo).orElseThrow();
    }

    static Function transferFrom(String from, String to, long id) {
        return new Function("transferFrom", List.of(new Address(from), new Address(to), new Uint256(id)), List.of());
    }

    static String tx(Function function) {
        return "{\"from\":\"" + chain.account() + "\",\"to\":\"" + address + "\",\"data\":\""
                + FunctionEncoder.encode(function) + "\",\"gas\":\"0x1e8480\"}";
    }

    /** Waits until the daemon's live tokens and owners equal the chain's, and its cursor is canonical. */
    static Map<BigInteger, String> awaitAgreement(String what) {
        return Waits.until(Duration.ofSeconds(60), "the daemon to agree with the chain after " + what, () -> {
            Map<BigInteger, String> truth = ChainTruth.owners(chain.web3j(), address);
            Map<BigInteger, String> seen = new TreeMap<>();
            for (List<String> row : TestDatabase.query(TestDatabase.NAME,
                    "SELECT token_id, owner FROM token WHERE NOT burned")) {
                seen.put(new BigInteger(row.get(0)), row.get(1));
            }
            List<String> cursor = TestDatabase.query(TestDatabase.NAME,
                    "SELECT cursor_block, cursor_hash FROM collection").getFirst();
            String canonical = blockHash(Long.parseLong(cursor.get(0)));
            return truth.equals(seen) && canonical.equals(cursor.get(1)) ? truth : null;
        });
    }

    static String blockHash(long number) {
        try {
            return chain.web3j().ethGetBlockByNumber(org.web3j.protocol.core.DefaultBlockParameter.valueOf(
                    BigInteger.valueOf(number)), false).send().getBlock().getHash();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void awaitEmbedded(int count) {
        Waits.until(Duration.ofSeconds(60), count + " tokens embedded", () ->
                api.get(url).body().get("tokens").get("embedded").asLong() >= count ? true : null);
    }
}
