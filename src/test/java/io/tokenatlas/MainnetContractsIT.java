package io.tokenatlas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenatlas.testkit.Anvil;
import io.tokenatlas.testkit.AtlasClient;
import io.tokenatlas.testkit.DaemonProcess;
import io.tokenatlas.testkit.Drop;
import io.tokenatlas.testkit.RealParts;
import io.tokenatlas.testkit.Waits;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;

/**
 * Contracts as they are deployed on mainnet, on a real chain: an ERC-721 from before ERC-165 (no
 * supportsInterface at all) and one whose supportsInterface answers true for everything are
 * recognised by their behaviour and indexed end to end; a fungible token, a contract that has
 * minted nothing yet, an ERC-165 contract that is no token and an ERC-1155 (not indexed yet) are
 * refused, each with its reason.
 */
class MainnetContractsIT {
    static final int TOKENS = 6;

    @Test
    void contractsWithoutATrustworthyErc165AreRecognisedByBehaviourAndTheRestRefusedWithAReason() throws Exception {
        try (RealParts parts = RealParts.start("mainnet-contracts")) {
            String metadata = Drop.serve(parts.http(), Drop.Style.PIXEL, 5);
            String legacy = parts.chain().deploy("LegacyCollection", List.of(new Utf8String("Old"), new Utf8String("OLD")));
            Drop.mint(parts.chain(), legacy, metadata, TOKENS);
            String yes = parts.chain().deploy("YesToEverything", List.of(new Utf8String("Yes"), new Utf8String("YES")));
            Drop.mint(parts.chain(), yes, metadata, TOKENS);
            String unminted = parts.chain().deploy("LegacyCollection", List.of(new Utf8String("Empty"), new Utf8String("E")));
            String fungible = parts.chain().deploy("PlainToken", List.of());
            parts.chain().call(fungible, new Function("mint",
                    List.of(new Address(parts.chain().account()), new Uint256(BigInteger.TEN.pow(18))), List.of()));
            String notAToken = parts.chain().deploy("NotAnNft", List.of());
            String editions = parts.chain().deploy("Editions", List.of(new Utf8String(metadata + "{id}")));

            try (DaemonProcess daemon = parts.daemon(parts.config(), "daemon.log")) {
                AtlasClient api = new AtlasClient(daemon.url());
                indexedByBehaviour(api, legacy, "behaviour (it does not implement ERC-165 supportsInterface)");
                indexedByBehaviour(api, yes, "behaviour (its supportsInterface answers true for every interface");

                refused(api, unminted, "no Transfer log with the token id indexed was found");
                refused(api, fungible, "two indexed arguments (a fungible, ERC-20 token)");
                refused(api, notAToken, "implements ERC-165 but not ERC-721");
                refused(api, editions, "is an ERC-1155 contract");
            }
        }
    }

    private static void indexedByBehaviour(AtlasClient api, String address, String recognised) {
        AtlasClient.Answer registered = api.register(Anvil.CHAIN_ID, address);
        assertEquals(202, registered.status(), registered.body().toString());
        String url = registered.location();
        JsonNode collection = Waits.until(Duration.ofMinutes(3), TOKENS + " tokens of " + address + " embedded", () -> {
            JsonNode c = api.get(url).body();
            return c.get("tokens").get("embedded").asLong() == TOKENS ? c : null;
        });
        String by = collection.get("recognisedBy").asText();
        assertTrue(by.startsWith(recognised), by);
        assertTrue(by.contains("ownerOf(") && by.contains("tokenURI("), by);
        assertEquals(false, collection.get("enumerable").asBoolean(), "what ERC-165 says is not trusted");
        JsonNode token = api.get(url + "/tokens/3").body();
        String type = null;
        for (JsonNode trait : token.get("traits")) {
            type = trait.get("traitType").asText().equals("Type") ? trait.get("value").asText() : type;
        }
        assertEquals(Drop.token(5, 3).trait("Type"), type, token.toString());
        assertEquals(200, api.get(url + "/tokens/3/similar?k=3").status());
    }

    private static void refused(AtlasClient api, String address, String reason) {
        AtlasClient.Answer answer = api.register(Anvil.CHAIN_ID, address);
        assertEquals(422, answer.status(), answer.body().toString());
        assertTrue(answer.body().get("detail").asText().contains(reason), answer.body().toString());
    }
}
