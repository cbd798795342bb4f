package io.tokenatlas.token;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Writes the results of many tokens in one transaction. Each stage worker hands in its token's
 * result and waits until it is stored; whoever finds no write going on takes every result waiting
 * (up to {@code maxBatch}) and writes them together. While one transaction commits, the results
 * that finish meanwhile gather for the next, so under load a commit carries many tokens, and a
 * result that arrives alone is written at once, with no timer to wait out.
 *
 * <p>A batch the database refuses is written again one result at a time, so that a result it
 * cannot store fails alone, with its own error, and the others are stored.
 *
 * @param <T> a token's result
 */
public final class GroupCommit<T> {
    /** Stores results in one transaction; answers, in order, whether each was stored (false: its lease was lost). */
    public interface Writer<T> extends Function<List<T>, boolean[]> {}

    private final Writer<T> writer;
    private final int maxBatch;
    private final ConcurrentLinkedQueue<Pending<T>> waiting = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writing = new ReentrantLock();

    public GroupCommit(Writer<T> writer, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1");
        }
        this.writer = writer;
        this.maxBatch = maxBatch;
    }

    /**
     * Stores {@code result} (with whatever else is waiting) and returns once it is committed: true
     * when it was stored, false when its lease was lost. A failure to store it is thrown here, in
     * the thread of the token it belongs to.
     */
    public boolean write(T result) {
        Pending<T> mine = new Pending<>(result);
        waiting.add(mine);
        while (!mine.done) {
            writing.lock();
            try {
                if (!mine.done) {
                    writeWaiting();
                }
            } finally {
                writing.unlock();
            }
        }
        if (mine.failure instanceof RuntimeException e) {
            throw e;
        }
        if (mine.failure instanceof Error e) {
            throw e;
        }
        if (mine.failure != null) {
            throw new IllegalStateException(mine.failure);
        }
        return mine.stored;
    }

    /** Writes one batch of what is waiting; runs with the lock held. */
    private void writeWaiting() {
        List<Pending<T>> batch = new ArrayList<>();
        Pending<T> next;
        while (batch.size() < maxBatch && (next = waiting.poll()) != null) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            settle(batch, writer.apply(batch.stream().map(p -> p.result).toList()));
        } catch (Throwable whole) {
            if (batch.size() == 1) {
                batch.getFirst().fail(whole);
                return;
            }
            for (Pending<T> one : batch) {
                try {
                    settle(List.of(one), writer.apply(List.of(one.result)));
                } catch (Throwable alone) {
                    one.fail(alone);
                }
            }
        }
    }

    private static <T> void settle(List<Pending<T>> batch, boolean[] stored) {
        if (stored.length != batch.size()) {
            throw new IllegalStateException("a write of " + batch.size() + " results answered for " + stored.length);
        }
        for (int i = 0; i < stored.length; i++) {
            Pending<T> p = batch.get(i);
            p.stored = stored[i];
            p.done = true;
        }
    }

    /** A result handed in, and what became of it (written under the lock, read after it by its owner). */
    private static final class Pending<T> {
        final T result;
        volatile boolean done;
        boolean stored;
        Throwable failure;

        Pending(T result) {
            this.result = result;
        }

        void fail(Throwable e) {
            failure = e;
            done = true;
        }
    }
}
