package io.tokenatlas.fetch;

import java.io.ByteArrayOutputStream;

/** Unsigned LEB128 varints as multiformats use them (at most 9 bytes). Pure. */
public final class Varint {
    private Varint() {}

    public static void write(ByteArrayOutputStream out, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("varints are unsigned: " + value);
        }
        long v = value;
        while (v >= 0x80) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    public static byte[] encode(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, value);
        return out.toByteArray();
    }

    /** Reads varints one after another from a byte array. */
    public static final class Reader {
        private final byte[] bytes;
        private int position;

        public Reader(byte[] bytes) {
            this(bytes, 0);
        }

        public Reader(byte[] bytes, int position) {
            this.bytes = bytes;
            this.position = position;
        }

        /** The next {@code n} bytes as they are. */
        public byte[] bytes(long n) {
            if (n < 0 || n > bytes.length - position) {
                throw new IllegalArgumentException("wants " + n + " bytes but " + (bytes.length - position) + " are left");
            }
            byte[] out = java.util.Arrays.copyOfRange(bytes, position, position + (int) n);
            position += (int) n;
            return out;
        }

        public boolean hasMore() {
            return position < bytes.length;
        }

        public long next() {
            long value = 0;
            for (int shift = 0; shift < 63; shift += 7) {
                if (position >= bytes.length) {
                    throw new IllegalArgumentException("the varint ends early");
                }
                int b = bytes[position++] & 0xff;
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    if (b == 0 && shift > 0) {
                        throw new IllegalArgumentException("the varint is not minimal");
                    }
                    return value;
                }
            }
            throw new IllegalArgumentException("the varint is longer than 9 bytes");
        }

        public int position() {
            return position;
        }
    }
}
