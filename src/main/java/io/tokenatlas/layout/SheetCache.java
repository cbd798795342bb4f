package io.tokenatlas.layout;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Rendered texture-atlas sheets, least recently used out first, up to a byte budget. A sheet is
 * named by its content (the atlas tag), so an entry never goes stale: a changed collection asks
 * for other names. Rendering 10,000 thumbnails takes seconds; a second browser gets them at once.
 */
@ApplicationScoped
public class SheetCache {
    /** Bytes of PNG kept: a few sheets of 10,000-token collections. */
    static final long BUDGET = 64L << 20;

    private final Map<String, byte[]> sheets = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    /** The sheet named {@code key}, rendered by {@code render} when it is not kept. */
    public byte[] get(String key, Supplier<byte[]> render) {
        synchronized (this) {
            byte[] kept = sheets.get(key);
            if (kept != null) {
                return kept;
            }
        }
        byte[] png = render.get();
        if (png.length <= BUDGET / 4) {
            synchronized (this) {
                if (sheets.put(key, png) == null) {
                    bytes += png.length;
                }
                for (Iterator<byte[]> it = sheets.values().iterator(); bytes > BUDGET && it.hasNext(); ) {
                    bytes -= it.next().length;
                    it.remove();
                }
            }
        }
        return png;
    }

    synchronized int size() {
        return sheets.size();
    }
}
