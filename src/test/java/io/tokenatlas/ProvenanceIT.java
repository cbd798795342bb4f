package io.tokenatlas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenatlas.fetch.Cid;
import io.tokenatlas.testkit.Anvil;
import io.tokenatlas.testkit.AtlasClient;
import io.tokenatlas.testkit.DaemonProcess;
import io.tokenatlas.testkit.FamilyArt;
import io.tokenatlas.testkit.RealParts;
import io.tokenatlas.testkit.TestDatabase;
import io.tokenatlas.testkit.Tools;
import io.tokenatlas.testkit.Waits;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.Transaction;

/**
 * A token's provenance, checked against the chain and re-verified from its CAR alone: a drop
 * published as IPFS directories (metadata at {@code ipfs://<dir>/<id>}, images at
 * {@code ipfs://<dir>/<id>.png}) names the block its tokenURI was read at (whose hash and
 * tokenURI the chain confirms), the sha256 of both files and the model; the CAR download is
 * checked by the reference IPFS libraries (scripts/node/car-verify.mjs), which rebuild both files
 * from it with no network and find a flipped byte. A token on plain HTTP has no CAR.
 */
class ProvenanceIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ON_IPFS = 5;

    @Test
    void aTokensProvenanceHoldsOnChainAndItsCarRebuildsBothFilesOffline() throws Exception {
        try (RealParts parts = RealParts.start("provenance")) {
            String address = parts.chain().deployCollection("Provenance", "PRV");
            Map<String, byte[]> images = new LinkedHashMap<>();
            for (int i = 1; i <= ON_IPFS + 1; i++) {
                images.put(i + ".png", FamilyArt.draw(i % FamilyArt.FAMILIES.size(), 77L + i).png());
            }
            String imageDir = parts.ipfs().addDirectory(images);
            Map<String, byte[]> metadata = new LinkedHashMap<>();
            for (int i = 1; i <= ON_IPFS; i++) {
                metadata.put(Integer.toString(i), ("{\"name\":\"Provenance #" + i + "\",\"image\":\"ipfs://" + imageDir
                        + "/" + i + ".png\"}").getBytes(StandardCharsets.UTF_8));
            }
            String metadataDir = parts.ipfs().addDirectory(metadata);
            List<String> uris = new ArrayList<>();
            for (int i = 1; i <= ON_IPFS; i++) {
                uris.add("ipfs://" + metadataDir + "/" + i);
            }
            int onHttp = ON_IPFS + 1;
            String httpImage = parts.http().put("/images/" + onHttp + ".png", images.get(onHttp + ".png"), "image/png");
            uris.add(parts.http().put("/metadata/" + onHttp, ("{\"name\":\"Plain\",\"image\":\"" + httpImage + "\"}")
                    .getBytes(StandardCharsets.UTF_8), "application/json"));
            long mintedAt = parts.chain().mintBatch(address, uris).getBlockNumber().longValueExact();
            parts.anvil().mine(3);

            try (DaemonProcess daemon = parts.daemon(parts.config())) {
                AtlasClient api = new AtlasClient(daemon.url());
                String url = api.register(Anvil.CHAIN_ID, address).location();
                long id = api.get(url).body().get("id").asLong();
                Waits.until(Duration.ofSeconds(180), "every token embedded", () ->
                        api.get(url).body().get("tokens").get("embedded").asLong() == uris.size() ? true : null);
                String modelSha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(Files.readAllBytes(Tools.model(Tools.MOBILENET_V2))));

                for (int i = 1; i <= ON_IPFS; i++) {
                    String token = "/api/v1/collections/" + id + "/tokens/" + i;
                    JsonNode p = api.get(token + "/provenance").body();
                    JsonNode meta = p.get("metadata");
                    assertEquals(uris.get(i - 1), meta.get("uri").asText());
                    long readAt = meta.get("readAt").get("number").asLong();
                    assertTrue(readAt >= mintedAt, "read at " + readAt + ", minted at " + mintedAt);
                    String hash = parts.chain().web3j().ethGetBlockByNumber(DefaultBlockParameter.valueOf(
                            BigInteger.valueOf(readAt)), false).send().getBlock().getHash();
                    assertEquals(hash, meta.get("readAt").get("hash").asText(), "the block named is the chain's");
                    assertEquals(uris.get(i - 1), tokenUriAt(parts, address, i, readAt), "tokenURI at that block");
                    assertEquals(metadataDir, meta.get("ipfs").get("cid").asText());
                    assertEquals("/" + i, meta.get("ipfs").get("path").asText());
                    assertTrue(meta.get("ipfs").get("blocksKept").asBoolean());
                    assertTrue(meta.get("verified").asBoolean());
                    assertEquals(sha256(metadata.get(Integer.toString(i))), meta.get("sha256").asText());
                    JsonNode image = p.get("image");
                    assertEquals(sha256(images.get(i + ".png")), image.get("sha256").asText());
                    assertTrue(image.get("verified").asBoolean());
                    assertEquals("image/png", image.get("mediaType").asText());
                    assertEquals(modelSha, p.get("embedding").get("modelSha256").asText(), "the model, by its file");

                    byte[] car = api.bytes(p.get("car").asText()).body();
                    Path file = parts.logs().resolve("token-" + i + ".car");
                    Files.write(file, car);
                    String metadataFile = metadataDir + "/" + i;
                    String imageFile = imageDir + "/" + i + ".png";
                    JsonNode check = carVerify(file, metadataFile, imageFile);
                    assertEquals(0, check.get("badBlocks").size(), check.toString());
                    assertEquals(List.of(Cid.parse(metadataDir).toV1String(), Cid.parse(imageDir).toV1String()),
                            JSON.convertValue(check.get("roots"), List.class));
                    assertEquals(meta.get("sha256").asText(), check.get("files").get(metadataFile).get("sha256").asText(),
                            "the metadata rebuilt from the CAR alone: " + check);
                    assertEquals(image.get("sha256").asText(), check.get("files").get(imageFile).get("sha256").asText(),
                            "the image rebuilt from the CAR alone: " + check);

                    car[car.length - 20] ^= 1; // inside the last block
                    Files.write(file, car);
                    JsonNode tampered = carVerify(file, metadataFile, imageFile);
                    assertEquals(1, tampered.get("badBlocks").size(), "a flipped byte is found: " + tampered);
                }

                JsonNode plain = api.get("/api/v1/collections/" + id + "/tokens/" + onHttp + "/provenance").body();
                assertFalse(plain.get("metadata").get("verified").asBoolean(), plain.toString());
                assertNull(plain.get("metadata").get("ipfs"));
                assertNull(plain.get("car"));
                assertEquals(404, api.get("/api/v1/collections/" + id + "/tokens/" + onHttp + "/provenance/car").status());
                // This drop's content only: other tests' collections keep theirs in the same database.
                String ours = "SELECT count(*) FROM ipfs_car WHERE entity LIKE '" + Cid.parse(metadataDir).toV1String()
                        + "/%' OR entity LIKE '" + Cid.parse(imageDir).toV1String() + "/%'";
                assertEquals(ON_IPFS * 2L, Long.parseLong(TestDatabase.query(TestDatabase.NAME, ours).getFirst().getFirst()),
                        "one CAR per metadata file and image");

                assertEquals(204, api.delete("/api/v1/collections/" + id).status());
                assertEquals("0", TestDatabase.query(TestDatabase.NAME, ours).getFirst().getFirst(),
                        "a deleted collection's blocks go with it");
            }
        }
    }

    private static String tokenUriAt(RealParts parts, String address, int tokenId, long block) throws Exception {
        Function call = new Function("tokenURI", List.of(new Uint256(tokenId)), List.of(new TypeReference<Utf8String>() {}));
        String answer = parts.chain().web3j().ethCall(Transaction.createEthCallTransaction(null, address,
                FunctionEncoder.encode(call)), DefaultBlockParameter.valueOf(BigInteger.valueOf(block))).send().getValue();
        return FunctionReturnDecoder.decode(answer, call.getOutputParameters()).getFirst().getValue().toString();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** The reference libraries' verdict on a CAR file: bad blocks, roots and each named file's sha256. */
    private static JsonNode carVerify(Path car, String... files) throws Exception {
        List<String> command = new ArrayList<>(List.of(Tools.node().toString(),
                Tools.root().resolve("scripts/node/car-verify.mjs").toString(), car.toString()));
        command.addAll(List.of(files));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "car-verify finished");
        assertEquals(0, process.exitValue(), out);
        return JSON.readTree(out.strip().lines().reduce((a, b) -> b).orElseThrow());
    }
}
