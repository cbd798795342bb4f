package io.tokenatlas.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * CAR reading and UnixFS reassembly. The two archives were made by a Helia node (the reference
 * JavaScript implementation) for the same 5000-byte file, in a directory, in 1024-byte chunks:
 * once with raw leaves, once with dag-pb leaves.
 */
class CarArchiveTest {
    static final String RAW_ROOT = "bafybeihmvx7c34vh22m25twq3rywhgya6pcmspmgfxxjqy25eg6csv3a6m";
    static final String DAGPB_ROOT = "bafybeibqn2lzhbczycn5uyo5weyhpabioxlwxullusitn32k5qiphgdu7y";

    static byte[] pattern() {
        byte[] bytes = new byte[5000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) ((i * 31 + 7) % 251);
        }
        return bytes;
    }

    static byte[] resource(String name) {
        try (InputStream in = CarArchiveTest.class.getResourceAsStream("/ipfs/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @CsvSource({"pattern-raw.car, " + RAW_ROOT, "pattern-dagpb.car, " + DAGPB_ROOT})
    void aMultiChunkFileInADirectoryIsRebuiltFromVerifiedBlocks(String car, String root) {
        CarArchive archive = CarArchive.read(resource(car));
        assertTrue(archive.size() >= 7, "directory, file root and five chunks: " + archive.size());
        assertArrayEquals(pattern(), UnixFsFile.read(archive, Cid.parse(root), "/pattern.bin", 1 << 20));
    }

    @ParameterizedTest
    @CsvSource({"pattern-raw.car", "pattern-dagpb.car"})
    void anArchiveWrittenAgainIsTheReferenceImplementationsByteForByte(String car) {
        byte[] reference = resource(car);
        // The header's one root: the CBOR tag 42 at byte 10, then 0x58 0x25 (37 bytes), the identity prefix 0x00 and the CID from byte 14.
        assertEquals(0x2a, reference[10]);
        Cid root = Cid.fromBytes(java.util.Arrays.copyOfRange(reference, 14, 14 + 36));
        assertArrayEquals(reference, CarArchive.write(List.of(root), List.of(CarArchive.read(reference))));
    }

    @Test
    void twoArchivesWrittenAsOneKeepEveryBlockOnceAndBothFilesReadable() {
        CarArchive raw = CarArchive.read(resource("pattern-raw.car"));
        CarArchive dagpb = CarArchive.read(resource("pattern-dagpb.car"));
        byte[] both = CarArchive.write(List.of(Cid.parse(RAW_ROOT), Cid.parse(DAGPB_ROOT)), List.of(raw, dagpb, raw));
        CarArchive read = CarArchive.read(both);
        // The two DAGs hold the same bytes in different leaves: only the raw chunks and the dag-pb chunks differ.
        assertTrue(read.size() <= raw.size() + dagpb.size() && read.size() > Math.max(raw.size(), dagpb.size()),
                read.size() + " blocks");
        assertArrayEquals(pattern(), UnixFsFile.read(read, Cid.parse(RAW_ROOT), "/pattern.bin", 1 << 20));
        assertArrayEquals(pattern(), UnixFsFile.read(read, Cid.parse(DAGPB_ROOT), "/pattern.bin", 1 << 20));
        // A CIDv0 root is written in its binary v0 form and a reader still finds its block.
        Cid v0 = Cid.parse("QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG");
        assertEquals(0, v0.version());
        assertEquals(34, v0.bytes().length);
    }

    @Test
    void aBlockWhoseBytesDoNotHashToItsCidIsCaught() {
        byte[] car = resource("pattern-raw.car");
        car[car.length - 10] ^= 1; // inside the last chunk
        assertThrows(CidMismatchException.class, () -> CarArchive.read(car));
    }

    @Test
    void aMissingBlockIsNamed() {
        byte[] car = resource("pattern-raw.car");
        CarArchive archive = CarArchive.read(withoutLastSection(car));
        var e = assertThrows(IllegalArgumentException.class,
                () -> UnixFsFile.read(archive, Cid.parse(RAW_ROOT), "/pattern.bin", 1 << 20));
        assertTrue(e.getMessage().matches("block b\\w+ is missing from the CAR"), e.getMessage());
    }

    /** The archive without its last block (a gateway that stopped early at a block boundary). */
    static byte[] withoutLastSection(byte[] car) {
        Varint.Reader in = new Varint.Reader(car);
        in.bytes(in.next());
        int lastStart = in.position();
        while (in.hasMore()) {
            lastStart = in.position();
            in.bytes(in.next());
        }
        return java.util.Arrays.copyOf(car, lastStart);
    }

    @Test
    void aTruncatedLastBlockIsRefused() {
        byte[] car = resource("pattern-raw.car");
        var e = assertThrows(IllegalArgumentException.class, () -> CarArchive.read(java.util.Arrays.copyOf(car, car.length - 5)));
        assertTrue(e.getMessage().contains("ends inside a block"), e.getMessage());
    }

    @Test
    void pathsThatAreNotThereAndLimitsAreReported() {
        CarArchive archive = CarArchive.read(resource("pattern-dagpb.car"));
        var missing = assertThrows(IllegalArgumentException.class,
                () -> UnixFsFile.read(archive, Cid.parse(DAGPB_ROOT), "/other.bin", 1 << 20));
        assertTrue(missing.getMessage().contains("has no entry 'other.bin'"), missing.getMessage());
        var directory = assertThrows(IllegalArgumentException.class,
                () -> UnixFsFile.read(archive, Cid.parse(DAGPB_ROOT), "", 1 << 20));
        assertTrue(directory.getMessage().contains("is a UnixFS directory, not a file"), directory.getMessage());
        var large = assertThrows(IllegalArgumentException.class,
                () -> UnixFsFile.read(archive, Cid.parse(DAGPB_ROOT), "/pattern.bin", 4000));
        assertTrue(large.getMessage().contains("over the limit of 4000"), large.getMessage());
    }

    @Test
    void aHandMadeCarWithOneRawBlockAndACidV0LinkIsRead() throws Exception {
        byte[] hello = "hello\n".getBytes(StandardCharsets.UTF_8);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(hello);
        Cid raw = new Cid(1, Cid.RAW, Cid.SHA2_256, digest);
        byte[] car = car(raw, hello);
        assertArrayEquals(hello, UnixFsFile.read(CarArchive.read(car), raw, "", 100));
        assertEquals(Cid.parse("bafkreicysg23kiwv34eg2d7qweipxwosdo2py4ldv42nbauguluen5v6am"), raw);
    }

    @Test
    @org.junit.jupiter.api.Timeout(120)
    void aDagThatLinksOneChildOverAndOverStopsAtTheVisitBudget() {
        var bomb = io.tokenatlas.testkit.DagBomb.of(60);
        CarArchive archive = CarArchive.read(bomb.car());
        assertEquals(61, archive.size(), "a few KB of honest blocks");
        var e = assertThrows(UnixFsFile.OverBudget.class, () -> UnixFsFile.read(archive, bomb.root(), "", 20 << 20));
        assertTrue(e.getMessage().contains("leads to more than 1048576 blocks"), e.getMessage());
    }

    @Test
    void aFileThatRepeatsItsChunksWithinTheBudgetIsRead() {
        var repeats = io.tokenatlas.testkit.DagBomb.of(12);
        assertEquals(0, UnixFsFile.read(CarArchive.read(repeats.car()), repeats.root(), "", 100).length);
    }

    @Test
    void anIdentityCidCarriesItsOwnBlock() {
        byte[] hello = "hello\n".getBytes(StandardCharsets.UTF_8);
        Cid inline = new Cid(1, Cid.RAW, Cid.IDENTITY, hello);
        assertArrayEquals(hello, UnixFsFile.read(CarArchive.empty(), inline, "", 100));
        var e = assertThrows(IllegalArgumentException.class,
                () -> UnixFsFile.read(CarArchive.empty(), Cid.parse(DAGPB_ROOT), "", 100));
        assertTrue(e.getMessage().contains("is missing from the CAR"), e.getMessage());
    }

    @Test
    void notACarIsRefused() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};
        assertThrows(IllegalArgumentException.class, () -> CarArchive.read(png));
    }

    static byte[] car(Cid cid, byte[] block) {
        return io.tokenatlas.testkit.LyingGateway.car(cid, block);
    }
}
