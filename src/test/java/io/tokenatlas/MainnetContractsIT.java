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
 * minted nothing yet and an ERC-165 contract that is no token are refused, each with its reason.
 * An ERC-1155 of editions is indexed id by id, with supplies and balances, from batch mints,
 * transfers and burns, before and after registration, through a reorg and a URI event. A collection behind an
 * EIP-1967 proxy is followed through an upgrade of its implementation.
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

            try (DaemonProcess daemon = parts.daemon(parts.config(), "daemon.log")) {
                AtlasClient api = new AtlasClient(daemon.url());
                indexedByBehaviour(api, legacy, "behaviour (it does not implement ERC-165 supportsInterface)");
                indexedByBehaviour(api, yes, "behaviour (its supportsInterface answers true for every interface");
                transparentTokensSitOnTheirOwnBackground(parts, api, legacy);
                holdersAtABlockAreWhatOwnerOfSaidThen(parts, api, legacy);

                refused(api, unminted, "no Transfer log with the token id indexed was found");
                refused(api, fungible, "two indexed arguments (a fungible, ERC-20 token)");
                refused(api, notAToken, "implements ERC-165 but not ERC-721");
            }
        }
    }

    @Test
    void anErc1155IsIndexedIdByIdWithSuppliesAndBalances() throws Exception {
        try (RealParts parts = RealParts.start("erc1155")) {
            String metadata = Drop.serve(parts.http(), Drop.Style.ILLUSTRATED, 9);
            String editions = parts.chain().deploy("Editions", List.of(new Utf8String(metadata + "{id}")));
            String alice = parts.chain().account();
            String bob = "0x" + "b0".repeat(20);
            long minted = mintBatch(parts, editions, List.of(1, 2, 3, 4), List.of(10, 1, 5, 2));
            long given = parts.chain().call(editions, new Function("safeTransferFrom", List.of(new Address(alice),
                    new Address(bob), new Uint256(1), new Uint256(3), new org.web3j.abi.datatypes.DynamicBytes(new byte[0])),
                    List.of())).getBlockNumber().longValueExact();
            parts.chain().call(editions, new Function("burn", List.of(new Address(alice), new Uint256(4), new Uint256(2)),
                    List.of()));

            try (DaemonProcess daemon = parts.daemon(parts.config(), "daemon.log")) {
                AtlasClient api = new AtlasClient(daemon.url());
                AtlasClient.Answer registered = api.register(Anvil.CHAIN_ID, editions);
                assertEquals(202, registered.status(), registered.body().toString());
                String url = registered.location();
                JsonNode collection = Waits.until(Duration.ofMinutes(3), "ids 1-3 embedded", () -> {
                    JsonNode c = api.get(url).body();
                    return c.get("tokens").get("embedded").asLong() == 3 ? c : null;
                });
                assertEquals("erc1155", collection.get("standard").asText());
                assertEquals("ERC-165 (ERC-1155)", collection.get("recognisedBy").asText());

                JsonNode first = api.get(url + "/tokens/1").body();
                assertEquals("10", first.get("supply").asText(), first.toString());
                assertEquals("eip155:" + Anvil.CHAIN_ID + "/erc1155:" + editions.toLowerCase() + "/1",
                        first.get("caip19").asText());
                assertEquals(Drop.token(9, 1).trait("Eyes"), trait(first, "Eyes"), "the metadata of uri(1) with {id} expanded");
                assertEquals("5", api.get(url + "/tokens/3").body().get("supply").asText());
                assertEquals(true, api.get(url + "/tokens/4").body().get("burned").asBoolean(), "its whole supply burned");
                assertEquals(List.of("1"), ids(api.get(url + "/tokens?owner=" + bob).body()), "bob holds 3 of id 1");
                assertEquals(List.of("1", "2", "3"), ids(api.get(url + "/tokens?owner=" + alice).body()));
                assertEquals(200, api.get(url + "/tokens/2/similar?k=2").status());

                // Holders at a block, from the stored logs, against balanceOf on the chain at that block.
                assertEquals(List.of(alice.toLowerCase() + " 4 18"), holders(api, url + "/holders?block=" + minted));
                // In address order: bob (0xb0...) before alice (0xf3...).
                assertEquals(List.of(bob + " 1 3", alice.toLowerCase() + " 4 15"), holders(api, url + "/holders?block=" + given));
                assertEquals(BigInteger.valueOf(7), balanceAt(parts, editions, alice, 1, given));
                assertEquals(List.of(bob + " 1 3", alice.toLowerCase() + " 3 13"), holders(api, url + "/holders"),
                        "after the burn of id 4");
                assertEquals(List.of(bob + " 1 3"), holders(api, url + "/holders?limit=1"));
                String next = api.get(url + "/holders?limit=1&block=" + given).body().get("next").asText();
                assertEquals(List.of(alice.toLowerCase() + " 4 15"), holders(api, url + "/holders?cursor=" + next),
                        "the next page, at the first page's block (before the burn)");
                assertEquals(400, api.get(url + "/holders?block=" + minted + "&cursor=" + next).status(), "another block");
                assertEquals(List.of(alice.toLowerCase() + " 3 13"), holders(api, url + "/holders?after=" + bob), "after an owner");
                assertEquals(409, api.get(url + "/holders?block=" + (given + 1_000_000)).status(), "past what is indexed");

                // Followed after registration: a new id, and id 2 given away in full.
                mintBatch(parts, editions, List.of(5), List.of(7));
                parts.chain().call(editions, new Function("safeTransferFrom", List.of(new Address(alice), new Address(bob),
                        new Uint256(2), new Uint256(1), new org.web3j.abi.datatypes.DynamicBytes(new byte[0])), List.of()));
                Waits.until(Duration.ofMinutes(2), "id 5 embedded", () ->
                        api.get(url).body().get("tokens").get("embedded").asLong() == 4 ? true : null);
                assertEquals("7", api.get(url + "/tokens/5").body().get("supply").asText());
                // The transfer came in a later block than the mint: wait for the follower to reach it.
                Waits.until(Duration.ofMinutes(1), "bob's balance of id 2", () ->
                        ids(api.get(url + "/tokens?owner=" + bob).body()).equals(List.of("1", "2")) ? true : null);
                assertEquals(List.of("1", "3", "5"), ids(api.get(url + "/tokens?owner=" + alice).body()));

                // A reorg that orphans the block of that transfer gives id 2 back, balances recomputed from the logs left.
                parts.anvil().reorg(1, "[]");
                Waits.until(Duration.ofMinutes(1), "id 2 back with alice", () ->
                        ids(api.get(url + "/tokens?owner=" + alice).body()).equals(List.of("1", "2", "3", "5")) ? true : null);
                assertEquals(List.of("1"), ids(api.get(url + "/tokens?owner=" + bob).body()));
                assertEquals("1", api.get(url + "/tokens/2").body().get("supply").asText());

                // The URI event: id 3's metadata is read again, from the new template.
                String moved = Drop.serve(parts.http(), Drop.Style.ILLUSTRATED, 10);
                assertTrue(!Drop.token(10, 3).trait("Eyes").equals(Drop.token(9, 3).trait("Eyes"))
                        || !Drop.token(10, 3).trait("Mouth").equals(Drop.token(9, 3).trait("Mouth")),
                        "the two drops' id 3 differ in what is checked");
                parts.chain().call(editions, new Function("setUri", List.of(new Utf8String(moved + "{id}"), new Uint256(3)),
                        List.of()));
                Waits.until(Duration.ofMinutes(1), "id 3 read again after its URI event", () ->
                        Drop.token(10, 3).trait("Eyes").equals(trait(api.get(url + "/tokens/3").body(), "Eyes"))
                                && Drop.token(10, 3).trait("Mouth").equals(trait(api.get(url + "/tokens/3").body(), "Mouth"))
                                ? true : null);
            }
        }
    }

    @Test
    void aCollectionPresentsItselfByItsContractUriAndItsUpdates() throws Exception {
        try (RealParts parts = RealParts.start("contract-uri")) {
            String first = "data:application/json;base64," + java.util.Base64.getEncoder().encodeToString(
                    "{\"name\":\"Night Owls\",\"description\":\"Owls, at night.\",\"image\":\"ipfs://owl\"}"
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String owls = parts.chain().deploy("WithContractUri", List.of(new Utf8String("Owls"), new Utf8String("OWL"),
                    new Utf8String(first)));
            Drop.mint(parts.chain(), owls, Drop.serve(parts.http(), Drop.Style.PIXEL, 3), 2);
            try (DaemonProcess daemon = parts.daemon(parts.config(), "daemon.log")) {
                AtlasClient api = new AtlasClient(daemon.url());
                String url = api.register(Anvil.CHAIN_ID, owls).location();
                JsonNode contract = Waits.until(Duration.ofMinutes(1), "the contract metadata read", () -> {
                    JsonNode c = api.get(url).body().get("contract");
                    return c != null && c.has("metadata") ? c : null;
                });
                assertEquals("Night Owls", contract.get("metadata").get("name").asText(), contract.toString());
                assertEquals("Owls, at night.", contract.get("metadata").get("description").asText());
                assertEquals(first, contract.get("uri").asText());

                // ContractURIUpdated: read again from where it now points.
                String second = parts.http().put("/contract.json",
                        "{\"name\":\"Day Owls\",\"banner_image\":\"https://owls.example/banner.png\"}"
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/json");
                parts.chain().call(owls, new Function("setContractURI", List.of(new Utf8String(second)), List.of()));
                JsonNode updated = Waits.until(Duration.ofMinutes(1), "the contract metadata read again", () -> {
                    JsonNode c = api.get(url).body().get("contract");
                    return c.get("uri").asText().equals(second) && c.has("metadata") ? c : null;
                });
                assertEquals("Day Owls", updated.get("metadata").get("name").asText(), updated.toString());
                assertEquals("https://owls.example/banner.png", updated.get("metadata").get("banner_image").asText());

                // Pointing at nothing usable is recorded on the collection in place of the metadata.
                parts.chain().call(owls, new Function("setContractURI", List.of(new Utf8String("gopher://owls")), List.of()));
                JsonNode broken = Waits.until(Duration.ofMinutes(1), "the failure recorded", () -> {
                    JsonNode c = api.get(url).body().get("contract");
                    return c.has("error") ? c : null;
                });
                assertTrue(broken.get("error").asText().contains("unsupported URI scheme"), broken.toString());
                assertEquals(false, broken.has("metadata"), broken.toString());
            }
        }
    }

    @Test
    void aCollectionBehindAnEip1967ProxyIsFollowedThroughAnUpgrade() throws Exception {
        try (RealParts parts = RealParts.start("proxy")) {
            String metadata = Drop.serve(parts.http(), Drop.Style.PIXEL, 4);
            String v1 = parts.chain().deploy("ProxiedCollectionV1", List.of());
            byte[] init = org.web3j.utils.Numeric.hexStringToByteArray(org.web3j.abi.FunctionEncoder.encode(
                    new Function("initialize", List.of(new Utf8String("Proxied"), new Utf8String("PRX")), List.of())));
            String proxy = parts.chain().deploy("Eip1967Proxy", List.of(new Address(v1),
                    new org.web3j.abi.datatypes.DynamicBytes(init)));
            Drop.mint(parts.chain(), proxy, metadata, 3);
            try (DaemonProcess daemon = parts.daemon(parts.config(), "daemon.log")) {
                AtlasClient api = new AtlasClient(daemon.url());
                String url = api.register(Anvil.CHAIN_ID, proxy).location();
                JsonNode collection = Waits.until(Duration.ofMinutes(2), "3 tokens through the proxy", () -> {
                    JsonNode c = api.get(url).body();
                    return c.get("tokens").get("embedded").asLong() == 3 ? c : null;
                });
                assertEquals("Proxied", collection.get("name").asText(), "name() answered through the proxy");
                assertEquals("ERC-165", collection.get("recognisedBy").asText());

                // The implementation is upgraded while the daemon follows: the new code names token id + 100's picture.
                String v2 = parts.chain().deploy("ProxiedCollectionV2", List.of());
                parts.chain().call(proxy, new Function("upgradeTo", List.of(new Address(v2)), List.of()));
                parts.chain().call(proxy, new Function("setBase", List.of(new Utf8String(metadata)), List.of()));
                Drop.mint(parts.chain(), proxy, metadata, 2);
                Waits.until(Duration.ofMinutes(2), "the tokens minted after the upgrade", () ->
                        api.get(url).body().get("tokens").get("embedded").asLong() == 5 ? true : null);
                assertEquals("Drop #104", api.get(url + "/tokens/4").body().get("name").asText(), "the new code's tokenURI");
                assertEquals("Drop #1", api.get(url + "/tokens/1").body().get("name").asText(),
                        "what was indexed stays until it is refreshed");
                assertEquals(202, api.post(java.net.URI.create(url).getPath() + "/tokens/1/refresh", "").status());
                Waits.until(Duration.ofMinutes(1), "token 1 refreshed under the new code and embedded again", () -> {
                    JsonNode t = api.get(url + "/tokens/1").body();
                    return t.get("name").asText().equals("Drop #101") && t.get("state").asText().equals("embedded") ? t : null;
                });
                assertEquals(5, api.get(url).body().get("tokens").get("embedded").asLong(), "nothing else changed");
            }
        }
    }

    private static long mintBatch(RealParts parts, String contract, List<Integer> ids, List<Integer> amounts) {
        return parts.chain().call(contract, new Function("mintBatch", List.of(new Address(parts.chain().account()),
                new org.web3j.abi.datatypes.DynamicArray<>(Uint256.class, ids.stream().map(Uint256::new).toList()),
                new org.web3j.abi.datatypes.DynamicArray<>(Uint256.class, amounts.stream().map(Uint256::new).toList())),
                List.of())).getBlockNumber().longValueExact();
    }

    /** "owner tokens balance" per holder of a holders answer. */
    private static List<String> holders(AtlasClient api, String url) {
        JsonNode answer = api.get(url).body();
        List<String> out = new java.util.ArrayList<>();
        answer.get("holders").forEach(h -> out.add(h.get("owner").asText() + " " + h.get("tokens").asLong() + " "
                + h.get("balance").asText()));
        return out;
    }

    /** An ERC-1155 balance as the chain answers it at a block. */
    private static BigInteger balanceAt(RealParts parts, String contract, String owner, int id, long block) throws Exception {
        Function balanceOf = new Function("balanceOf", List.of(new Address(owner), new Uint256(id)),
                List.of(new org.web3j.abi.TypeReference<Uint256>() {}));
        String answer = parts.chain().web3j().ethCall(org.web3j.protocol.core.methods.request.Transaction
                .createEthCallTransaction(null, contract, org.web3j.abi.FunctionEncoder.encode(balanceOf)),
                org.web3j.protocol.core.DefaultBlockParameter.valueOf(BigInteger.valueOf(block))).send().getValue();
        return (BigInteger) org.web3j.abi.FunctionReturnDecoder.decode(answer, balanceOf.getOutputParameters()).get(0).getValue();
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new java.util.ArrayList<>();
        page.get("tokens").forEach(t -> ids.add(t.get("tokenId").asText()));
        return ids;
    }

    private static String trait(JsonNode token, String type) {
        String value = null;
        for (JsonNode trait : token.get("traits")) {
            value = trait.get("traitType").asText().equals(type) ? trait.get("value").asText() : value;
        }
        return value;
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
        assertEquals(Drop.token(5, 3).trait("Type"), trait(token, "Type"), token.toString());
        assertEquals(200, api.get(url + "/tokens/3/similar?k=3").status());
    }

    /** An ERC-721's holders at the blocks around a transfer, against ownerOf on the chain at those blocks; CSV too. */
    private static void holdersAtABlockAreWhatOwnerOfSaidThen(RealParts parts, AtlasClient api, String legacy)
            throws Exception {
        String me = parts.chain().account().toLowerCase();
        String other = "0x" + "c0".repeat(20);
        long moved = parts.chain().call(legacy, new Function("transferFrom", List.of(new Address(me), new Address(other),
                new Uint256(2)), List.of())).getBlockNumber().longValueExact();
        String url = api.get("/api/v1/collections/eip155:" + Anvil.CHAIN_ID + ":" + legacy).body().get("url").asText();
        Waits.until(Duration.ofMinutes(1), "the transfer indexed", () ->
                api.get(url).body().get("cursorBlock").asLong() >= moved ? true : null);
        assertEquals(me, ownerAt(parts, legacy, 2, moved - 1));
        assertEquals(other, ownerAt(parts, legacy, 2, moved));
        assertEquals(List.of(me + " " + (TOKENS + 1) + " " + (TOKENS + 1)), holders(api, url + "/holders?block=" + (moved - 1)));
        assertEquals(List.of(other + " 1 1", me + " " + TOKENS + " " + TOKENS), holders(api, url + "/holders?block=" + moved));
        assertEquals(List.of(other + " 1 1"), holders(api, url + "/holders?block=" + moved + "&trait=Type:"
                + Drop.token(5, 2).trait("Type")).subList(0, 1), "a trait condition narrows the tokens counted");
        assertEquals(List.of(other + " 1 1"), holders(api, url + "/holders?block=" + moved + "&similarTo=2&minSimilarity=0.9999"),
                "only the token that looks like token 2: itself");
        assertEquals(holders(api, url + "/holders?block=" + moved), holders(api, url + "/holders?block=" + moved
                + "&similarTo=2&minSimilarity=-1"), "every embedded token looks like it at -1");
        assertEquals(404, api.get(url + "/holders?similarTo=999").status());

        java.net.http.HttpResponse<String> csv = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(url + "/holders?format=csv&block=" + moved)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals("owner,tokens,balance\n" + other + ",1,1\n" + me + "," + TOKENS + "," + TOKENS + "\n", csv.body());
        assertEquals(String.valueOf(moved), csv.headers().firstValue("Atlas-Block").orElseThrow());
        assertEquals(parts.chain().web3j().ethGetBlockByNumber(org.web3j.protocol.core.DefaultBlockParameter.valueOf(
                BigInteger.valueOf(moved)), false).send().getBlock().getHash(),
                csv.headers().firstValue("Atlas-Block-Hash").orElseThrow());
    }

    private static String ownerAt(RealParts parts, String contract, int tokenId, long block) throws Exception {
        Function ownerOf = new Function("ownerOf", List.of(new Uint256(tokenId)),
                List.of(new org.web3j.abi.TypeReference<Address>() {}));
        String answer = parts.chain().web3j().ethCall(org.web3j.protocol.core.methods.request.Transaction
                .createEthCallTransaction(null, contract, org.web3j.abi.FunctionEncoder.encode(ownerOf)),
                org.web3j.protocol.core.DefaultBlockParameter.valueOf(BigInteger.valueOf(block))).send().getValue();
        return ((Address) org.web3j.abi.FunctionReturnDecoder.decode(answer, ownerOf.getOutputParameters()).get(0))
                .getValue().toLowerCase();
    }

    /** OpenSea's per-token background_color: a transparent picture is composited on it, not on the global colour. */
    private static void transparentTokensSitOnTheirOwnBackground(RealParts parts, AtlasClient api, String legacy)
            throws Exception {
        java.awt.image.BufferedImage transparent = new java.awt.image.BufferedImage(24, 24,
                java.awt.image.BufferedImage.TYPE_INT_ARGB);
        for (int y = 8; y < 16; y++) {
            for (int x = 8; x < 16; x++) {
                transparent.setRGB(x, y, 0xff202020);
            }
        }
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(transparent, "png", png);
        String image = parts.http().put("/transparent.png", png.toByteArray(), "image/png");
        String uri = parts.http().put("/transparent.json", ("{\"name\":\"On red\",\"image\":\"" + image
                + "\",\"background_color\":\"c81e1e\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "application/json");
        parts.chain().call(legacy, new Function("mint", List.of(new Address(parts.chain().account()), new Utf8String(uri)),
                List.of()));
        String url = api.get("/api/v1/collections/eip155:" + Anvil.CHAIN_ID + ":" + legacy).body().get("url").asText();
        JsonNode token = Waits.until(Duration.ofMinutes(2), "the transparent token embedded", () -> {
            AtlasClient.Answer a = api.get(url + "/tokens/" + (TOKENS + 1));
            return a.status() == 200 && a.body().get("state").asText().equals("embedded") ? a.body() : null;
        });
        java.awt.image.BufferedImage thumbnail = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(
                api.bytes(token.get("thumbnailUrl").asText()).body()));
        assertEquals(0xc81e1e, thumbnail.getRGB(0, 0) & 0xffffff, "the corner is the token's own background");
        int centre = thumbnail.getRGB(thumbnail.getWidth() / 2, thumbnail.getHeight() / 2) & 0xffffff;
        assertEquals(0x202020, centre, "the picture itself");
    }

    private static void refused(AtlasClient api, String address, String reason) {
        AtlasClient.Answer answer = api.register(Anvil.CHAIN_ID, address);
        assertEquals(422, answer.status(), answer.body().toString());
        assertTrue(answer.body().get("detail").asText().contains(reason), answer.body().toString());
    }
}
