package io.tokenatlas.fetch;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reassembles a file from verified blocks: walks a path through UnixFS directories (dag-pb nodes
 * whose links have names), then concatenates the file's chunks in order (raw leaves or dag-pb
 * leaves). Every block it touches must be in the archive, so every byte it returns is verified.
 * Sharded (HAMT) directories, as large drops publish 10,000 files in one, are walked too. Pure.
 */
public final class UnixFsFile {
    static final int RAW = 0;
    static final int DIRECTORY = 1;
    static final int FILE = 2;
    static final int HAMT_SHARD = 5;
    private static final int MAX_DEPTH = 64;
    /** Shard nodes one path segment may visit (a 10,000-entry directory needs two or three). */
    static final int MAX_SHARDS = 1024;
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
    record Node(List<Link> links, int type, byte[] data, long fileSize, long fanout) {}

    /**
     * The bytes of {@code root}{@code path} ("" or "/a/b"), at most {@code maxBytes}, or an
     * {@link IllegalArgumentException} saying which block is missing or malformed.
     */
    public static byte[] read(CarArchive car, Cid root, String path, long maxBytes) {
        Cid current = root;
        for (String segment : segments(path)) {
            Node dir = node(car, current);
            if (dir.type() == HAMT_SHARD) {
                current = shardEntry(car, current, dir, segment);
                continue;
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

    /**
     * The entry {@code segment} of a sharded directory. A shard's link names are its bucket (as many
     * hex digits as fanout - 1 has) followed by the entry's name, or the bucket alone for a deeper
     * shard. The entry is found by its exact name among the links of the shard and of the deeper
     * shards the archive holds (a trustless gateway sends the blocks on the path); a HAMT holds
     * each name once, and every block is verified, so the match is the directory's own entry.
     */
    static Cid shardEntry(CarArchive car, Cid shard, Node node, String segment) {
        java.util.ArrayDeque<Node> pending = new java.util.ArrayDeque<>();
        pending.add(node);
        int visited = 0;
        while (!pending.isEmpty()) {
            Node current = pending.poll();
            if (++visited > MAX_SHARDS) {
                throw new OverBudget("sharded directory " + shard + " needs more than " + MAX_SHARDS
                        + " shard nodes to find '" + segment + "'");
            }
            if (current.fanout() < 2 || current.fanout() > 1 << 16 || Long.bitCount(current.fanout()) != 1) {
                throw new IllegalArgumentException("sharded directory " + shard + " has a fanout of " + current.fanout()
                        + ", not a power of two from 2 to 65536");
            }
            int bucket = Long.toHexString(current.fanout() - 1).length();
            for (Link link : current.links()) {
                String name = link.name();
                if (name == null || name.length() < bucket) {
                    throw new IllegalArgumentException("sharded directory " + shard + " has a link named '" + name
                            + "', shorter than its bucket");
                }
                if (name.length() > bucket && name.substring(bucket).equals(segment)) {
                    return link.cid();
                }
                if (name.length() == bucket && link.cid().codec() == Cid.DAG_PB && car.block(link.cid()) != null) {
                    Node deeper = node(car, link.cid());
                    if (deeper.type() == HAMT_SHARD) {
                        pending.add(deeper);
                    }
                }
            }
        }
        throw new IllegalArgumentException("sharded directory " + shard + " has no entry '" + segment
                + "' in the shards the CAR holds");
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

    /** Decodes a dag-pb PBNode {Data = 1, Links = 2} and its UnixFS Data {Type = 1, Data = 2, filesize = 3, fanout = 6}. */
    static Node decodeNode(byte[] bytes) {
        DagPbWire pb = new DagPbWire(bytes);
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
            return new Node(links, -1, null, -1, 0);
        }
        DagPbWire data = new DagPbWire(unixfs);
        int type = -1;
        byte[] content = null;
        long fileSize = -1;
        long fanout = 0;
        while (data.hasMore()) {
            long key = data.varint();
            switch ((int) (key >>> 3)) {
                case 1 -> type = (int) data.varint();
                case 2 -> content = data.bytes();
                case 3 -> fileSize = data.varint();
                case 6 -> fanout = data.varint();
                default -> data.skip(key);
            }
        }
        return new Node(links, type, content, fileSize, fanout);
    }

    private static Link decodeLink(byte[] bytes) {
        DagPbWire pb = new DagPbWire(bytes);
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

    /** The UnixFS type of a dag-pb block (5: a sharded directory), -1 when it has no UnixFS data. */
    public static int unixFsType(byte[] block) {
        return decodeNode(block).type();
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
}
