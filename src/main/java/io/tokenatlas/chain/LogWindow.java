package io.tokenatlas.chain;

/**
 * The block span of the next eth_getLogs call: halved when a provider refuses a query as too large
 * (too many results, range too wide, timeout), doubled again while answers stay sparse, never
 * above the configured maximum. Pure; safe to share between the windows read at once.
 */
public final class LogWindow {
    /** An answer with fewer logs than this counts as sparse. */
    static final int SPARSE = 2_000;

    private final int max;
    private int size;

    public LogWindow(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("the log window must be at least 1 block, got " + max);
        }
        this.max = max;
        this.size = max;
    }

    public synchronized int size() {
        return size;
    }

    /** After a query over {@code span} blocks was refused as too large; false when it was one block already. */
    public synchronized boolean shrink(long span) {
        if (span <= 1) {
            return false;
        }
        size = (int) Math.max(1, Math.min(size, span) / 2);
        return true;
    }

    /** After a query of {@code blocks} blocks answered {@code logs} logs. */
    public synchronized void answered(long blocks, int logs) {
        if (logs < SPARSE && blocks >= size) {
            size = (int) Math.min(max, (long) size * 2);
        }
    }
}
