package io.tokenatlas.fetch;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reassembles a file from verified blocks: walks a path through UnixFS directories (dag-pb nodes
 * whose links have names), then concatenates the file's chunks in order (raw leaves or dag-pb
 * leaves). Every block it touches must be in the archive, so every byte it returns is verified.
 * Sharded (HAMT) directories are not walked. Pure.
 */
public final class UnixFsFile {
    static final int RAW = 0;
    static final int DIRECTORY = 1;
    static final int FILE = 2;
    static final int HAMT_SHARD = 5;
    private static final int MAX_DEPTH = 64;
    /**
     * Blocks a file's reassembly may visit, counting a block each time a link leads to it: a file
     * of 20 MB in 1 KiB chunks needs about 20,000; a DAG that links one child many times over (a
     * few KB that would take 2^60 visits) stops here.
     */
    static final int MAX_VISITS = 1 << 20;

    private UnixFsFile() {}

    /**
     * The verified content is larger or deeper than a fetch may take: a property of the content
     * itself, so no other gateway or later attempt can do better.
     */
    public static final class OverBudget extends IllegalArgumentException {
        OverBudget(String message) {
            super(message);
        }
    }

    /** A dag-pb link. */
    record Link(Cid cid, String name) {}

    /** A dag-pb node with its UnixFS data decoded (type -1 when it has none). */
    record Node(List<Link> links, int type, byte[] data, long fileSize) {}

    /**
     * The bytes of {@code root}{@code path} ("" or "/a/b"), at most {@code maxBytes}, or an
     * {@link IllegalArgumentException} saying which block is missing or malformed.
     */
    public static byte[] read(CarArchive car, Cid root, String path, long maxBytes) {
        Cid current = root;
        for (String segment : segments(path)) {
            Node dir = node(car, current);
            if (dir.type() == HAMT_SHARD) {
                throw new IllegalArgumentException("directory " + current + " is sharded (HAMT), which is not walked here");
            }
            if (dir.type() != DIRECTORY) {
                throw new IllegalArgumentException(current + " is not a directory, so it has no '" + segment + "'");
            }
            Cid next = null;
            for (Link link : dir.links()) {
                if (segment.equals(link.name())) {
                    next = link.cid();
                    break;
                }
            }
            if (next == null) {
                throw new IllegalArgumentException("directory " + current + " has no entry '" + segment + "'");
            }
            current = next;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        append(car, current, out, maxBytes, 0, new int[1]);
        return out.toByteArray();
    }

    private static void append(CarArchive car, Cid cid, ByteArrayOutputStream out, long maxBytes, int depth, int[] visits) {
        if (depth > MAX_DEPTH) {
            throw new OverBudget("the file's DAG is deeper than " + MAX_DEPTH);
        }
        if (++visits[0] > MAX_VISITS) {
            throw new OverBudget("the file's DAG leads to more than " + MAX_VISITS
                    + " blocks (links to the same blocks over and over)");
        }
        if (cid.codec() == Cid.RAW) {
            write(out, block(car, cid), maxBytes);
            return;
        }
        Node node = node(car, cid);
        if (node.type() != FILE && node.type() != RAW) {
            throw new IllegalArgumentException(cid + " is a UnixFS " + typeName(node.type()) + ", not a file");
        }
        int start = out.size();
        if (node.data() != null) {
            write(out, node.data(), maxBytes);
        }
        for (Link link : node.links()) {
            append(car, link.cid(), out, maxBytes, depth + 1, visits);
        }
        if (node.fileSize() >= 0 && out.size() - start != node.fileSize()) {
            throw new IllegalArgumentException("file " + cid + " says " + node.fileSize() + " bytes but its chunks hold "
                    + (out.size() - start));
        }
    }

    private static void write(ByteArrayOutputStream out, byte[] bytes, long maxBytes) {
        if (out.size() + (long) bytes.length > maxBytes) {
            throw new OverBudget("the file is over the limit of " + maxBytes + " bytes");
        }
        out.writeBytes(bytes);
    }

    private static byte[] block(CarArchive car, Cid cid) {
        byte[] block = car.block(cid);
        if (block == null) {
            throw new IllegalArgumentException("block " + cid + " is missing from the CAR");
        }
        return block;
    }

    static Node node(CarArchive car, Cid cid) {
        if (cid.codec() != Cid.DAG_PB) {
            throw new IllegalArgumentException(cid + " has codec 0x" + Long.toHexString(cid.codec())
                    + "; only raw and dag-pb UnixFS are read");
        }
        return decodeNode(block(car, cid));
    }

    /** Decodes a dag-pb PBNode {Data = 1, Links = 2} and its UnixFS Data {Type = 1, Data = 2, filesize = 3}. */
    static Node decodeNode(byte[] bytes) {
        Protobuf pb = new Protobuf(bytes);
        List<Link> links = new ArrayList<>();
        byte[] unixfs = null;
        while (pb.hasMore()) {
            long key = pb.varint();
            int field = (int) (key >>> 3);
            if (field == 2 && (key & 7) == 2) {
                links.add(decodeLink(pb.bytes()));
            } else if (field == 1 && (key & 7) == 2) {
                unixfs = pb.bytes();
            } else {
                pb.skip(key);
            }
        }
        if (unixfs == null) {
            return new Node(links, -1, null, -1);
        }
        Protobuf data = new Protobuf(unixfs);
        int type = -1;
        byte[] content = null;
        long fileSize = -1;
        while (data.hasMore()) {
            long key = data.varint();
            switch ((int) (key >>> 3)) {
                case 1 -> type = (int) data.varint();
                case 2 -> content = data.bytes();
                case 3 -> fileSize = data.varint();
                default -> data.skip(key);
            }
        }
        return new Node(links, type, content, fileSize);
    }

    private static Link decodeLink(byte[] bytes) {
        Protobuf pb = new Protobuf(bytes);
        Cid cid = null;
        String name = null;
        while (pb.hasMore()) {
            long key = pb.varint();
            switch ((int) (key >>> 3)) {
                case 1 -> cid = Cid.fromBytes(pb.bytes());
                case 2 -> name = new String(pb.bytes(), StandardCharsets.UTF_8);
                default -> pb.skip(key);
            }
        }
        if (cid == null) {
            throw new IllegalArgumentException("a dag-pb link without a hash");
        }
        return new Link(cid, name);
    }

    private static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                segments.add(new String(ResourceUri.percentDecode(s), StandardCharsets.UTF_8));
            }
        }
        return segments;
    }

    private static String typeName(int type) {
        return switch (type) {
            case DIRECTORY -> "directory";
            case 3 -> "metadata node";
            case 4 -> "symlink";
            case HAMT_SHARD -> "sharded directory";
            default -> "node of type " + type;
        };
    }

    /** The protobuf wire format, as far as dag-pb needs it: varints and length-delimited fields. */
    private static final class Protobuf {
        private final byte[] bytes;
        private int position;

        Protobuf(byte[] bytes) {
            this.bytes = bytes;
        }

        boolean hasMore() {
            return position < bytes.length;
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (position >= bytes.length) {
                    throw new IllegalArgumentException("a dag-pb varint ends early");
                }
                int b = bytes[position++] & 0xff;
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("a dag-pb varint is too long");
        }

        byte[] bytes() {
            long length = varint();
            if (length < 0 || length > bytes.length - position) {
                throw new IllegalArgumentException("a dag-pb field of " + length + " bytes runs past the block");
            }
            byte[] out = java.util.Arrays.copyOfRange(bytes, position, position + (int) length);
            position += (int) length;
            return out;
        }

        void skip(long key) {
            switch ((int) (key & 7)) {
                case 0 -> varint();
                case 2 -> bytes();
                case 1 -> position += 8;
                case 5 -> position += 4;
                default -> throw new IllegalArgumentException("dag-pb wire type " + (key & 7) + " is not valid");
            }
            if (position > bytes.length) {
                throw new IllegalArgumentException("a dag-pb field runs past the block");
            }
        }
    }
}
