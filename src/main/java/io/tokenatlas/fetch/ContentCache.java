package io.tokenatlas.fetch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Verified IPFS content on disk, by CID and path (immutable, so never stale). Files are written
 * under a temporary name and moved into place, so a crash leaves no half file; when the folder
 * grows over its limit the least recently used files go.
 */
public final class ContentCache {
    private final Path dir;
    private final long maxBytes;
    private final AtomicLong size = new AtomicLong();

    public ContentCache(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(p -> p.getFileName().toString().endsWith(".tmp")).forEach(ContentCache::deleteQuietly);
            }
            size.set(totalSize());
        } catch (IOException e) {
            throw new UncheckedIOException("the IPFS cache folder " + dir + " cannot be used: " + e.getMessage(), e);
        }
    }

    /** The cached bytes for a key, or null. */
    public byte[] get(String key) {
        Path file = file(key);
        try {
            byte[] bytes = Files.readAllBytes(file);
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
            return bytes;
        } catch (IOException e) {
            return null;
        }
    }

    public void put(String key, byte[] bytes) {
        if (bytes.length > maxBytes) {
            return;
        }
        Path file = file(key);
        try {
            Path tmp = Files.createTempFile(dir, "entry", ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            return; // a cache that cannot write only costs a fetch
        }
        if (size.addAndGet(bytes.length) > maxBytes) {
            evict();
        }
    }

    private synchronized void evict() {
        try (Stream<Path> listing = Files.list(dir)) {
            List<Path> files = new ArrayList<>(listing.filter(p -> !p.toString().endsWith(".tmp")).toList());
            files.sort(Comparator.comparing(ContentCache::modified));
            long total = files.stream().mapToLong(ContentCache::sizeOf).sum();
            for (Path f : files) {
                if (total <= maxBytes * 9 / 10) {
                    break;
                }
                total -= sizeOf(f);
                deleteQuietly(f);
            }
            size.set(total);
        } catch (IOException e) {
            // try again on the next put
        }
    }

    private long totalSize() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(ContentCache::sizeOf).sum();
        }
    }

    private Path file(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // gone or busy: either way not ours to worry about
        }
    }
}
