package io.tokenatlas.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * PNGs made byte by byte, for what no encoder writes: a header that claims more pixels than the
 * data holds, and huge pictures of zeros that deflate to a few hundred KB.
 */
public final class SyntheticPng {
    /** Colour types: greyscale and RGB. */
    public static final int GREY = 0;
    public static final int RGB = 2;

    private SyntheticPng() {}

    /**
     * A PNG whose header says width x height ({@code colourType}, {@code bitDepth} bits a channel):
     * with {@code fill} it really holds that many zero pixels, else only one row's worth.
     */
    public static byte[] zeros(int width, int height, int colourType, int bitDepth, boolean fill) {
        int channels = colourType == RGB ? 3 : 1;
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height)
                    .put((byte) bitDepth).put((byte) colourType).put((byte) 0).put((byte) 0).put((byte) 0).array());
            ByteArrayOutputStream idat = new ByteArrayOutputStream();
            try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(9))) {
                byte[] row = new byte[1 + (int) ((long) width * channels * bitDepth / 8)];
                for (int y = 0; y < (fill ? height : 1); y++) {
                    z.write(row);
                }
            }
            chunk(out, "IDAT", idat.toByteArray());
            chunk(out, "IEND", new byte[0]);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
