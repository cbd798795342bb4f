package io.tokenatlas.media;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Writes an 8-bit RGB PNG one band of rows at a time, so that a picture far larger than memory
 * allows as a BufferedImage (a mosaic of 100,000 thumbnails) streams out in constant memory.
 */
public final class StreamingPng implements AutoCloseable {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int CHUNK = 1 << 16;

    private final OutputStream out;
    private final int width;
    private final int height;
    private final DeflaterOutputStream deflated;
    private final byte[] previous;
    private final byte[] filtered;
    private int rowsWritten;

    public StreamingPng(OutputStream out, int width, int height) throws IOException {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("a PNG needs a positive size: " + width + " x " + height);
        }
        this.out = out;
        this.width = width;
        this.height = height;
        this.previous = new byte[width * 3];
        this.filtered = new byte[width * 3 + 1];
        out.write(SIGNATURE);
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        writeInt(header, width);
        writeInt(header, height);
        header.write(new byte[] {8, 2, 0, 0, 0}); // 8-bit, RGB, deflate, adaptive filtering, no interlace
        chunk("IHDR", header.toByteArray(), header.size());
        this.deflated = new DeflaterOutputStream(new IdatStream(), new Deflater(6), CHUNK);
    }

    /** Writes the next row (width RGB pixels packed as 0xRRGGBB). */
    public void writeRow(int[] rgb) throws IOException {
        if (rgb.length < width) {
            throw new IllegalArgumentException("row has " + rgb.length + " pixels, the picture is " + width + " wide");
        }
        if (rowsWritten >= height) {
            throw new IllegalStateException("all " + height + " rows are written");
        }
        // Filter "Up": each byte minus the byte above it, which suits tiled pictures well.
        filtered[0] = 2;
        for (int x = 0; x < width; x++) {
            int p = rgb[x];
            int i = x * 3;
            byte r = (byte) (p >> 16);
            byte g = (byte) (p >> 8);
            byte b = (byte) p;
            filtered[i + 1] = (byte) (r - previous[i]);
            filtered[i + 2] = (byte) (g - previous[i + 1]);
            filtered[i + 3] = (byte) (b - previous[i + 2]);
            previous[i] = r;
            previous[i + 1] = g;
            previous[i + 2] = b;
        }
        deflated.write(filtered);
        rowsWritten++;
    }

    @Override
    public void close() throws IOException {
        if (rowsWritten != height) {
            throw new IllegalStateException("only " + rowsWritten + " of " + height + " rows were written");
        }
        deflated.finish();
        deflated.flush();
        chunk("IEND", new byte[0], 0);
        out.flush();
    }

    private void chunk(String type, byte[] data, int length) throws IOException {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data, 0, length);
        writeInt(out, length);
        out.write(name);
        out.write(data, 0, length);
        writeInt(out, (int) crc.getValue());
    }

    private static void writeInt(OutputStream s, int v) throws IOException {
        s.write(v >>> 24);
        s.write(v >>> 16);
        s.write(v >>> 8);
        s.write(v);
    }

    /** Collects compressed bytes and writes them out as IDAT chunks of up to 64 KiB. */
    private final class IdatStream extends OutputStream {
        private final byte[] buffer = new byte[CHUNK];
        private int size;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = Math.min(len, CHUNK - size);
                System.arraycopy(b, off, buffer, size, n);
                size += n;
                off += n;
                len -= n;
                if (size == CHUNK) {
                    flush();
                }
            }
        }

        @Override
        public void flush() throws IOException {
            if (size > 0) {
                chunk("IDAT", buffer, size);
                size = 0;
            }
        }
    }
}
