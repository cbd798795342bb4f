package io.tokenatlas.fetch;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * A content identifier: version, content codec and multihash (function code and digest). Parses
 * CIDv0 (base58btc "Qm...") and CIDv1 in base32, base58btc or base16, and checks bytes against
 * the digest. Pure.
 */
public record Cid(int version, long codec, long hashFunction, byte[] digest) {
    public static final long RAW = 0x55;
    public static final long DAG_PB = 0x70;
    public static final long SHA2_256 = 0x12;
    public static final long IDENTITY = 0x00;

    public static Cid parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("an empty CID");
        }
        if (text.length() == 46 && text.startsWith("Qm")) {
            return fromMultihash(0, DAG_PB, Multibase.base58Decode(text));
        }
        byte[] bytes = Multibase.decode(text);
        Varint.Reader in = new Varint.Reader(bytes);
        long version = in.next();
        if (version != 1) {
            throw new IllegalArgumentException("CID version " + version + " is not supported");
        }
        long codec = in.next();
        return fromMultihash(1, codec, Arrays.copyOfRange(bytes, in.position(), bytes.length));
    }

    /**
     * Reads a CID in its binary form (as CAR files and dag-pb links carry it): a CIDv0 is a bare
     * sha2-256 multihash, a CIDv1 starts with its version and codec.
     */
    public static Cid read(Varint.Reader in) {
        long first = in.next();
        if (first == SHA2_256) {
            long length = in.next();
            if (length != 32) {
                throw new IllegalArgumentException("a CIDv0 digest must be 32 bytes, not " + length);
            }
            return new Cid(0, DAG_PB, SHA2_256, in.bytes(32));
        }
        if (first != 1) {
            throw new IllegalArgumentException("CID version " + first + " is not supported");
        }
        long codec = in.next();
        long code = in.next();
        long length = in.next();
        if (code == SHA2_256 && length != 32) {
            throw new IllegalArgumentException("a sha2-256 digest must be 32 bytes, not " + length);
        }
        if (length > 128) {
            throw new IllegalArgumentException("a digest of " + length + " bytes is too long");
        }
        return new Cid(1, codec, code, in.bytes(length));
    }

    /** Parses a CID from its binary form, which must fill {@code bytes}. */
    public static Cid fromBytes(byte[] bytes) {
        Varint.Reader in = new Varint.Reader(bytes);
        Cid cid = read(in);
        if (in.hasMore()) {
            throw new IllegalArgumentException("bytes after the CID");
        }
        return cid;
    }

    private static Cid fromMultihash(int version, long codec, byte[] multihash) {
        Varint.Reader in = new Varint.Reader(multihash);
        long code = in.next();
        long length = in.next();
        if (multihash.length - in.position() != length) {
            throw new IllegalArgumentException("the multihash says " + length + " digest bytes but has "
                    + (multihash.length - in.position()));
        }
        if (code == SHA2_256 && length != 32) {
            throw new IllegalArgumentException("a sha2-256 digest must be 32 bytes, not " + length);
        }
        return new Cid(version, codec, code, Arrays.copyOfRange(multihash, in.position(), multihash.length));
    }

    /** True when {@code block} is the content this CID names (sha2-256 or identity hashes). */
    public boolean matches(byte[] block) {
        if (hashFunction == IDENTITY) {
            return Arrays.equals(digest, block);
        }
        if (hashFunction != SHA2_256) {
            throw new IllegalArgumentException("hash function 0x" + Long.toHexString(hashFunction) + " is not supported");
        }
        try {
            return MessageDigest.isEqual(digest, MessageDigest.getInstance("SHA-256").digest(block));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public byte[] multihash() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Varint.write(out, hashFunction);
        Varint.write(out, digest.length);
        out.writeBytes(digest);
        return out.toByteArray();
    }

    /** The binary form (what CAR files and dag-pb links carry): a CIDv0 is its bare multihash. */
    public byte[] bytes() {
        if (version == 0) {
            return multihash();
        }
        return v1Bytes();
    }

    private byte[] v1Bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Varint.write(out, 1);
        Varint.write(out, codec);
        out.writeBytes(multihash());
        return out.toByteArray();
    }

    /** The CIDv1 form in base32 (what gateways and this daemon print). */
    public String toV1String() {
        return "b" + Multibase.base32Encode(v1Bytes());
    }

    @Override
    public String toString() {
        return version == 0 ? Multibase.base58Encode(multihash()) : toV1String();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cid c && c.version == version && c.codec == codec && c.hashFunction == hashFunction
                && Arrays.equals(c.digest, digest);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(digest) * 31 + Long.hashCode(codec);
    }
}
