package io.tokenatlas.fetch;

import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The blocks of a CARv1 archive (what a trustless gateway sends for application/vnd.ipld.car),
 * each checked against its CID as it is read. The header's roots are not trusted: the caller knows
 * which CID it asked for. Archives are also written, to hand verified blocks on (a token's
 * provenance). Pure.
 */
public final class CarArchive {
    private final Map<Cid, byte[]> blocks;
    private final java.util.Set<Cid> visited = new java.util.HashSet<>();

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
        Map<Cid, byte[]> blocks = new LinkedHashMap<>();
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
        Cid key = withoutVersion(cid);
        byte[] block = blocks.get(key);
        if (block != null) {
            visited.add(key);
        }
        return block;
    }

    /** The blocks {@link #block} has handed out, in the archive's order: what a reader needed, not what a sender padded. */
    public CarArchive visited() {
        Map<Cid, byte[]> kept = new LinkedHashMap<>();
        blocks.forEach((cid, data) -> {
            if (visited.contains(cid)) {
                kept.put(cid, data);
            }
        });
        return new CarArchive(kept);
    }

    public int size() {
        return blocks.size();
    }

    /**
     * A CARv1 archive with these roots and the blocks of {@code parts}, each block once, in the
     * order the parts hold them (a gateway's order: the path first, then the content).
     */
    public static byte[] write(List<Cid> roots, List<CarArchive> parts) {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write(0xa2);
        cborText(header, "roots");
        cborHead(header, 4, roots.size());
        for (Cid root : roots) {
            byte[] cid = root.bytes();
            header.write(0xd8);
            header.write(42); // the tag of a CID in dag-cbor, whose bytes start with the identity multibase 0x00
            cborHead(header, 2, cid.length + 1L);
            header.write(0);
            header.writeBytes(cid);
        }
        cborText(header, "version");
        header.write(0x01);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Varint.write(out, header.size());
        out.writeBytes(header.toByteArray());
        Map<Cid, byte[]> written = new LinkedHashMap<>();
        parts.forEach(part -> part.blocks.forEach(written::putIfAbsent));
        written.forEach((cid, data) -> {
            byte[] id = cid.bytes();
            Varint.write(out, (long) id.length + data.length);
            out.writeBytes(id);
            out.writeBytes(data);
        });
        return out.toByteArray();
    }

    private static void cborText(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        cborHead(out, 3, bytes.length);
        out.writeBytes(bytes);
    }

    /** A CBOR item head: major type and argument, in the shortest form (as dag-cbor requires). */
    private static void cborHead(ByteArrayOutputStream out, int major, long value) {
        int type = major << 5;
        if (value < 24) {
            out.write(type | (int) value);
        } else if (value < 0x100) {
            out.write(type | 24);
            out.write((int) value);
        } else if (value < 0x10000) {
            out.write(type | 25);
            out.write((int) (value >> 8));
            out.write((int) value);
        } else {
            out.write(type | 26);
            for (int shift = 24; shift >= 0; shift -= 8) {
                out.write((int) (value >> shift));
            }
        }
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
