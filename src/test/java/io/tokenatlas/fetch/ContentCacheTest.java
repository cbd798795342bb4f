package io.tokenatlas.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentCacheTest {
    @TempDir
    Path dir;

    @Test
    void whatWasPutIsReadBackAlsoByANewInstance() {
        new ContentCache(dir, 1000).put("bafy/a.png", new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, new ContentCache(dir, 1000).get("bafy/a.png"));
        assertNull(new ContentCache(dir, 1000).get("bafy/b.png"));
    }

    @Test
    void theLeastRecentlyUsedEntriesGoWhenTheFolderIsFull() throws Exception {
        ContentCache cache = new ContentCache(dir, 1000);
        cache.put("old", new byte[400]);
        Files.setLastModifiedTime(dir.resolve(Files.list(dir).findFirst().orElseThrow().getFileName()),
                java.nio.file.attribute.FileTime.fromMillis(1000));
        cache.put("newer", new byte[400]);
        cache.put("newest", new byte[400]);
        assertNull(cache.get("old"));
        assertNotNull(cache.get("newest"));
    }

    @Test
    void leftoverTemporaryFilesOfACrashAreRemoved() throws Exception {
        Files.write(dir.resolve("entry123.tmp"), new byte[10]);
        new ContentCache(dir, 1000);
        assertNull(Files.list(dir).filter(p -> p.toString().endsWith(".tmp")).findAny().orElse(null));
    }
}
