package io.tokenatlas.testkit;

import io.tokenatlas.fetch.Cid;
import io.tokenatlas.fetch.Varint;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * A UnixFS file DAG of a few KB whose every node links the same child twice, {@code levels}
 * deep, ending in an empty leaf: honest blocks (each hashes to its CID), but walking every link
 * visits 2^levels nodes.
 */
public record DagBomb(Cid root, List<Cid> cids, List<byte[]> blocks) {
    public static DagBomb of(int levels) {
        List<Cid> cids = new ArrayList<>();
        List<byte[]> blocks = new ArrayList<>();
        byte[] block = node(List.of());
        Cid cid = cid(block);
        cids.add(cid);
        blocks.add(block);
        for (int i = 0; i < levels; i++) {
            block = node(List.of(cid, cid));
            cid = cid(block);
            cids.addFirst(cid);
            blocks.addFirst(block);
        }
        return new DagBomb(cid, cids, blocks);
    }

    /** The CARv1 a trustless gateway sends for the root. */
    public byte[] car() {
        return LyingGateway.car(cids, blocks);
    }

    /** A dag-pb node {Links, Data = UnixFS {Type = file, filesize = 0}}. */
    static byte[] node(List<Cid> links) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Cid link : links) {
            ByteArrayOutputStream pbLink = new ByteArrayOutputStream();
            byte[] hash = cidBytes(link);
            pbLink.write(0x0a);
            Varint.write(pbLink, hash.length);
            pbLink.writeBytes(hash);
            pbLink.write(0x18);
            Varint.write(pbLink, 0);
            out.write(0x12);
            Varint.write(out, pbLink.size());
            out.writeBytes(pbLink.toByteArray());
        }
        byte[] unixfs = {0x08, 0x02, 0x18, 0x00};
        out.write(0x0a);
        Varint.write(out, unixfs.length);
        out.writeBytes(unixfs);
        return out.toByteArray();
    }

    static byte[] cidBytes(Cid cid) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Varint.write(out, 1);
        Varint.write(out, cid.codec());
        out.writeBytes(cid.multihash());
        return out.toByteArray();
    }

    static Cid cid(byte[] block) {
        try {
            return new Cid(1, Cid.DAG_PB, Cid.SHA2_256, MessageDigest.getInstance("SHA-256").digest(block));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
