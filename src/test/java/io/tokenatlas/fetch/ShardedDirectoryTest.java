package io.tokenatlas.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hand-made sharded (HAMT) directories: an entry is found by its exact name behind its bucket
 * prefix, in the root shard or a deeper one the archive holds; malformed shards are refused with
 * the reason. (IpfsVerificationIT walks a real 10,000-file directory sharded by Helia.)
 */
class ShardedDirectoryTest {
    private final List<Cid> cids = new ArrayList<>();
    private final List<byte[]> blocks = new ArrayList<>();

    @Test
    void entriesAreFoundInTheRootShardAndInDeeperOnes() throws Exception {
        Cid hello = raw("hello\n");
        Cid other = raw("other\n");
        Cid deeper = shard(256, Map.of("0Ahello.txt", hello, "C1nothere.txt", other));
        Cid root = shard(256, Map.of("1F", deeper, "A3other.txt", other));
        CarArchive car = archive();
        assertArrayEquals(bytes("hello\n"), UnixFsFile.read(car, root, "/hello.txt", 100));
        assertArrayEquals(bytes("other\n"), UnixFsFile.read(car, root, "/other.txt", 100));
        var missing = assertThrows(IllegalArgumentException.class, () -> UnixFsFile.read(car, root, "/missing.txt", 100));
        assertTrue(missing.getMessage().contains("has no entry 'missing.txt' in the shards the CAR holds"), missing.getMessage());
        var prefixOnly = assertThrows(IllegalArgumentException.class, () -> UnixFsFile.read(car, root, "/1F", 100));
        assertTrue(prefixOnly.getMessage().contains("has no entry '1F'"), "a bucket alone is no entry: " + prefixOnly.getMessage());
    }

    @Test
    void aDeeperShardTheArchiveLacksHidesItsEntries() throws Exception {
        Cid hello = raw("hello\n");
        Cid deeper = shard(16, Map.of("Ahello.txt", hello));
        Cid root = shard(16, Map.of("3", deeper));
        int index = cids.indexOf(deeper);
        cids.remove(index);
        blocks.remove(index);
        CarArchive car = archive();
        var e = assertThrows(IllegalArgumentException.class, () -> UnixFsFile.read(car, root, "/hello.txt", 100));
        assertTrue(e.getMessage().contains("has no entry 'hello.txt'"), e.getMessage());
    }

    @Test
    void malformedShardsAreRefusedWithTheReason() throws Exception {
        Cid hello = raw("hello\n");
        Cid oddFanout = shard(3, Map.of("0hello.txt", hello));
        Cid shortName = shard(256, Map.of("A", hello));
        CarArchive car = archive();
        var fanout = assertThrows(IllegalArgumentException.class, () -> UnixFsFile.read(car, oddFanout, "/hello.txt", 100));
        assertTrue(fanout.getMessage().contains("has a fanout of 3, not a power of two"), fanout.getMessage());
        var name = assertThrows(IllegalArgumentException.class, () -> UnixFsFile.read(car, shortName, "/hello.txt", 100));
        assertTrue(name.getMessage().contains("shorter than its bucket"), name.getMessage());
    }

    private CarArchive archive() {
        return CarArchive.read(io.tokenatlas.testkit.LyingGateway.car(cids, blocks));
    }

    private Cid raw(String text) throws Exception {
        byte[] block = bytes(text);
        return add(new Cid(1, Cid.RAW, Cid.SHA2_256, MessageDigest.getInstance("SHA-256").digest(block)), block);
    }

    /** A dag-pb node {Links (named), Data = UnixFS {Type = HAMT shard, fanout}}. */
    private Cid shard(int fanout, Map<String, Cid> links) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (var link : new java.util.TreeMap<>(links).entrySet()) {
            ByteArrayOutputStream pbLink = new ByteArrayOutputStream();
            ByteArrayOutputStream hash = new ByteArrayOutputStream();
            Varint.write(hash, 1);
            Varint.write(hash, link.getValue().codec());
            hash.writeBytes(link.getValue().multihash());
            pbLink.write(0x0a);
            Varint.write(pbLink, hash.size());
            pbLink.writeBytes(hash.toByteArray());
            byte[] name = bytes(link.getKey());
            pbLink.write(0x12);
            Varint.write(pbLink, name.length);
            pbLink.writeBytes(name);
            out.write(0x12);
            Varint.write(out, pbLink.size());
            out.writeBytes(pbLink.toByteArray());
        }
        ByteArrayOutputStream unixfs = new ByteArrayOutputStream();
        unixfs.write(0x08);
        Varint.write(unixfs, UnixFsFile.HAMT_SHARD);
        unixfs.write(0x30);
        Varint.write(unixfs, fanout);
        out.write(0x0a);
        Varint.write(out, unixfs.size());
        out.writeBytes(unixfs.toByteArray());
        byte[] block = out.toByteArray();
        return add(new Cid(1, Cid.DAG_PB, Cid.SHA2_256, MessageDigest.getInstance("SHA-256").digest(block)), block);
    }

    private Cid add(Cid cid, byte[] block) {
        cids.add(cid);
        blocks.add(block);
        return cid;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
