package io.tokenatlas.fetch;

/** The protobuf wire format, as far as dag-pb needs it: varints and length-delimited fields. Pure. */
final class DagPbWire {
    private final byte[] bytes;
    private int position;

    DagPbWire(byte[] bytes) {
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
