package io.tokenatlas.fetch;

import java.util.HashMap;
import java.util.Map;

/**
 * The blocks of a CARv1 archive (what a trustless gateway sends for application/vnd.ipld.car),
 * each checked against its CID as it is read. The header's roots are not trusted: the caller knows
 * which CID it asked for. Pure.
 */
public final class CarArchive {
    private final Map<Cid, byte[]> blocks;

    private CarArchive(Map<Cid, byte[]> blocks) {
        this.blocks = blocks;
    }

    /** Reads and verifies every block, or throws {@link CidMismatchException} / {@link IllegalArgumentException}. */
    public static CarArchive read(byte[] car) {
        Varint.Reader in = new Varint.Reader(car);
        long headerLength = in.next();
        if (headerLength <= 0 || headerLength > car.length - in.position()) {
            throw new IllegalArgumentException("not a CAR: its header length is " + headerLength);
        }
        byte[] header = in.bytes(headerLength);
        if (!containsVersion1(header)) {
            throw new IllegalArgumentException("not a CARv1 archive (only version 1 is read)");
        }
        Map<Cid, byte[]> blocks = new HashMap<>();
        while (in.hasMore()) {
            long sectionLength = in.next();
            int start = in.position();
            if (sectionLength <= 0 || sectionLength > car.length - start) {
                throw new IllegalArgumentException("the CAR ends inside a block of " + sectionLength + " bytes");
            }
            Cid cid = Cid.read(in);
            byte[] data = in.bytes(sectionLength - (in.position() - start));
            if (cid.hashFunction() != Cid.SHA2_256 && cid.hashFunction() != Cid.IDENTITY) {
                throw new IllegalArgumentException("block " + cid + " uses hash function 0x"
                        + Long.toHexString(cid.hashFunction()) + ", which this daemon cannot verify");
            }
            if (!cid.matches(data)) {
                throw new CidMismatchException("block " + cid + " in the CAR does not hash to its CID");
            }
            blocks.put(withoutVersion(cid), data);
        }
        return new CarArchive(blocks);
    }

    /** An archive without blocks: only identity CIDs, which carry their block, can be read from it. */
    public static CarArchive empty() {
        return new CarArchive(Map.of());
    }

    /** The verified block with this CID (identity CIDs carry their block inline), or null. */
    public byte[] block(Cid cid) {
        if (cid.hashFunction() == Cid.IDENTITY) {
            return cid.digest();
        }
        return blocks.get(withoutVersion(cid));
    }

    public int size() {
        return blocks.size();
    }

    // CIDv0 and a CIDv1 dag-pb with the same multihash name the same block.
    private static Cid withoutVersion(Cid cid) {
        return cid.version() == 1 ? cid : new Cid(1, cid.codec(), cid.hashFunction(), cid.digest());
    }

    /** The dag-cbor header {roots: [...], version: 1}: the key "version" followed by the unsigned integer 1. */
    private static boolean containsVersion1(byte[] header) {
        byte[] key = {0x67, 'v', 'e', 'r', 's', 'i', 'o', 'n', 0x01};
        outer:
        for (int i = 0; i + key.length <= header.length; i++) {
            for (int j = 0; j < key.length; j++) {
                if (header[i + j] != key[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
