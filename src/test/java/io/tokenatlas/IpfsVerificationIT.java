package io.tokenatlas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenatlas.testkit.Anvil;
import io.tokenatlas.testkit.AtlasClient;
import io.tokenatlas.testkit.ChainWriter;
import io.tokenatlas.testkit.DaemonProcess;
import io.tokenatlas.testkit.DemoCollection;
import io.tokenatlas.testkit.FamilyArt;
import io.tokenatlas.testkit.IpfsGateway;
import io.tokenatlas.testkit.LyingGateway;
import io.tokenatlas.testkit.TestDatabase;
import io.tokenatlas.testkit.Tools;
import io.tokenatlas.testkit.Waits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Raw IPFS blocks are checked against their CID: with a lying gateway first in the list, every image
 * still comes from the honest one, and the liar's answers are counted as mismatches.
 */
class IpfsVerificationIT {
    static final int TOKENS = 12;

    @Test
    void aGatewayWhoseBytesDoNotMatchTheCidIsPassedOver() throws Exception {
        Path logs = Tools.logs().resolve("ipfs-verification");
        try (Anvil anvil = Anvil.start(0, logs.resolve("anvil.log"));
             IpfsGateway ipfs = IpfsGateway.start(logs.resolve("ipfs.log"));
             LyingGateway liar = new LyingGateway();
             ChainWriter chain = new ChainWriter(anvil.rpcUrl())) {
            String address = chain.deployCollection("Verified", "VER");
            List<String> uris = new ArrayList<>();
            for (int i = 1; i <= TOKENS; i++) {
                uris.add(DemoCollection.prepareOnIpfsRaw(i, 51, ipfs).tokenUri());
            }
            chain.mintBatch(address, uris);
            TestDatabase.reset(TestDatabase.NAME);
            var config = DaemonProcess.config(TestDatabase.NAME, anvil.rpcUrl(), liar.url() + "," + ipfs.url());
            try (DaemonProcess daemon = DaemonProcess.start(config, logs.resolve("daemon.log"), 0)) {
                AtlasClient api = new AtlasClient(daemon.url());
                String url = api.register(Anvil.CHAIN_ID, address).location();
                Waits.until(Duration.ofSeconds(90), "all embedded", () ->
                        api.get(url).body().get("tokens").get("embedded").asLong() == TOKENS ? true : null);
                MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
                for (int i = 1; i <= TOKENS; i++) {
                    byte[] genuine = FamilyArt.draw((i - 1) % FamilyArt.FAMILIES.size(), 51 * 1_000_003L + i).png();
                    String stored = TestDatabase.query(TestDatabase.NAME,
                            "SELECT media_sha256 FROM token WHERE token_id = " + i).getFirst().getFirst();
                    assertEquals(HexFormat.of().formatHex(sha256.digest(genuine)), stored, "token " + i + "'s image");
                }
                String metrics = new String(api.bytes(daemon.url() + "/q/metrics").body(), StandardCharsets.UTF_8);
                assertTrue(metrics.contains("atlas_ipfs_requests_total{gateway=\"" + liar.url()
                        + "\",outcome=\"mismatch\"} " + TOKENS + ".0"), "every lie was caught");
                assertEquals(TOKENS, liar.answered());
            }
        }
    }
}
