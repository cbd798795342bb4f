package io.tokenatlas.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.tokenatlas.testkit.TestDatabase;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Images stored before fingerprints and placeholders existed get them from their thumbnails, on the
 * real PostgreSQL.
 */
@QuarkusTest
class MediaFingerprintsTest {
    @Inject
    MediaFingerprints fingerprints;

    @Test
    void storedImagesWithoutAFingerprintGetOneFromTheirThumbnail() throws Exception {
        TestDatabase.reset(TestDatabase.NAME);
        var picture = PerceptualHashTest.picture(256, 11);
        byte[] thumbnail = Thumbnails.png(picture);
        try (Connection c = TestDatabase.connect(TestDatabase.NAME); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO media (sha256, mime_type, width, height, byte_size, thumbnail, phash) VALUES (?, 'image/png', 256, 256, 1, ?, 12345)")) {
            for (int i = 0; i < MediaFingerprints.BATCH + 1; i++) {
                ps.setString(1, "old-" + i);
                ps.setBytes(2, thumbnail);
                ps.addBatch();
            }
            ps.setString(1, "broken");
            ps.setBytes(2, new byte[] {1, 2, 3});
            ps.addBatch();
            ps.executeBatch();
        }
        assertEquals(MediaFingerprints.BATCH, fingerprints.fingerprintBatch());
        assertEquals(2, fingerprints.fingerprintBatch());
        assertEquals(0, fingerprints.fingerprintBatch(), "nothing is left, nothing is done twice");

        PerceptualHash.Fingerprint expected = PerceptualHash.fingerprint(Thumbnails.readPng(thumbnail));
        List<List<String>> rows = TestDatabase.query(TestDatabase.NAME, """
                SELECT count(*), min(phash), max(phash), min(centre_phash), min(encode(grey, 'hex')), min(hash_version)
                  FROM media WHERE sha256 LIKE 'old-%'""");
        assertEquals(List.of(String.valueOf(MediaFingerprints.BATCH + 1), String.valueOf(expected.hash()),
                String.valueOf(expected.hash()), String.valueOf(expected.centreHash()),
                HexFormat.of().formatHex(expected.grey()), "2"), rows.get(0));
        assertEquals(List.of(List.of("null", "2")), TestDatabase.query(TestDatabase.NAME,
                "SELECT coalesce(phash::text, 'null'), hash_version FROM media WHERE sha256 = 'broken'"),
                "an unreadable thumbnail is left out of searches, and not read again");

        // Placeholders likewise: from the thumbnail, a grey one for the unreadable thumbnail, each once.
        assertEquals(MediaFingerprints.BATCH, fingerprints.placeholderBatch());
        assertEquals(2, fingerprints.placeholderBatch());
        assertEquals(0, fingerprints.placeholderBatch());
        assertEquals(List.of(List.of(BlurHash.of(Thumbnails.readPng(thumbnail)), "1")), TestDatabase.query(TestDatabase.NAME,
                "SELECT min(placeholder), count(DISTINCT placeholder) FROM media WHERE sha256 LIKE 'old-%'"));
        assertEquals(List.of(List.of(MediaFingerprints.GREY)), TestDatabase.query(TestDatabase.NAME,
                "SELECT placeholder FROM media WHERE sha256 = 'broken'"));
        assertEquals(0x808080, BlurHash.averageColour(MediaFingerprints.GREY));
    }
}
