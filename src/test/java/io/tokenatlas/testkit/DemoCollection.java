package io.tokenatlas.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * A generated ERC-721 collection on a real chain: images from {@link FamilyArt} on IPFS or a plain
 * HTTP server, metadata as ipfs://, http:// and data: (base64 and percent-encoded) tokenURIs.
 */
public final class DemoCollection {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MINT_BATCH = 40;

    /** What a token was made as: the family is the ground truth for similarity. */
    public record Token(BigInteger tokenId, String family, String accessory, String tokenUri) {}

    private final String address;
    private final Map<BigInteger, Token> tokens;

    private DemoCollection(String address, Map<BigInteger, Token> tokens) {
        this.address = address;
        this.tokens = tokens;
    }

    public String address() {
        return address;
    }

    public Map<BigInteger, Token> tokens() {
        return tokens;
    }

    public String familyOf(BigInteger tokenId) {
        Token token = tokens.get(tokenId);
        return token == null ? null : token.family();
    }

    /** Deploys the contract and mints {@code count} tokens; {@code progress} hears how many are published. */
    public static DemoCollection publish(ChainWriter chain, IpfsGateway ipfs, StaticServer http, int count, long seed,
            IntConsumer progress) {
        return publish(chain, ipfs, http, count, seed, progress, false);
    }

    /** With {@code httpOnly}, every image and metadata document is on the plain HTTP server (which counts requests). */
    public static DemoCollection publish(ChainWriter chain, IpfsGateway ipfs, StaticServer http, int count, long seed,
            IntConsumer progress, boolean httpOnly) {
        String address = chain.deployCollection("Atlas Demo", "ATLAS");
        Map<BigInteger, Token> tokens = new LinkedHashMap<>();
        List<String> pending = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            Token token = httpOnly ? prepareOnHttp(i, seed, http) : prepare(i, seed, ipfs, http);
            tokens.put(token.tokenId(), token);
            pending.add(token.tokenUri());
            if (pending.size() == MINT_BATCH || i == count) {
                chain.mintBatch(address, pending);
                pending.clear();
            }
            progress.accept(i);
        }
        return new DemoCollection(address, tokens);
    }

    /** Publishes one more token's image and metadata and returns its tokenURI (not minted yet). */
    public static Token prepare(int id, long seed, IpfsGateway ipfs, StaticServer http) {
        int family = (id - 1) % FamilyArt.FAMILIES.size();
        FamilyArt.Art art = FamilyArt.draw(family, seed * 1_000_003L + id);
        String image = id % 3 == 0
                ? http.put("/images/" + id + ".png", art.png(), "image/png")
                : "ipfs://" + ipfs.add(art.png());
        byte[] metadata = metadata(id, art, image);
        String tokenUri = switch (id % 5) {
            case 0 -> "ipfs://" + ipfs.addWrapped(metadata, "metadata.json") + "/metadata.json";
            case 1 -> http.put("/metadata/" + id + ".json", metadata, "application/json");
            case 2 -> "data:application/json;base64," + Base64.getEncoder().encodeToString(metadata);
            case 3 -> "ipfs://" + ipfs.add(metadata);
            default -> "data:application/json," + URLEncoder.encode(new String(metadata, StandardCharsets.UTF_8),
                    StandardCharsets.UTF_8).replace("+", "%20");
        };
        return new Token(BigInteger.valueOf(id), art.family(), art.accessory(), tokenUri);
    }

    /** One token whose image is a raw block on IPFS (verifiable by its CID) and whose metadata is a data: URI. */
    public static Token prepareOnIpfsRaw(int id, long seed, IpfsGateway ipfs) {
        int family = (id - 1) % FamilyArt.FAMILIES.size();
        FamilyArt.Art art = FamilyArt.draw(family, seed * 1_000_003L + id);
        String image = "ipfs://" + ipfs.add(art.png());
        String tokenUri = "data:application/json;base64," + Base64.getEncoder().encodeToString(metadata(id, art, image));
        return new Token(BigInteger.valueOf(id), art.family(), art.accessory(), tokenUri);
    }

    /** One token whose image and metadata are both served by the plain HTTP server. */
    public static Token prepareOnHttp(int id, long seed, StaticServer http) {
        int family = (id - 1) % FamilyArt.FAMILIES.size();
        FamilyArt.Art art = FamilyArt.draw(family, seed * 1_000_003L + id);
        String image = http.put("/images/" + id + ".png", art.png(), "image/png");
        String tokenUri = http.put("/metadata/" + id + ".json", metadata(id, art, image), "application/json");
        return new Token(BigInteger.valueOf(id), art.family(), art.accessory(), tokenUri);
    }

    private static byte[] metadata(int id, FamilyArt.Art art, String image) {
        ObjectNode root = JSON.createObjectNode();
        root.put("name", "Atlas Demo #" + id);
        root.put("description", "A generated " + art.family() + " picture for the Token Atlas demo.");
        root.put("image", image);
        ArrayNode attributes = root.putArray("attributes");
        attributes.addObject().put("trait_type", "Family").put("value", art.family());
        attributes.addObject().put("trait_type", "Accessory").put("value", art.accessory());
        attributes.addObject().put("trait_type", "Palette").put("value", art.palette());
        attributes.addObject().put("display_type", "number").put("trait_type", "Edition").put("value", id);
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }
}
