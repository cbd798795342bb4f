package io.tokenatlas.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Group commit without a database: the writer records the batches it was handed. */
class GroupCommitTest {
    private final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void aResultArrivingAloneIsWrittenAtOnceByItsOwnThread() {
        GroupCommit<String> commits = new GroupCommit<>(this::store, 8);
        assertTrue(commits.write("a"));
        assertEquals(List.of(List.of("a")), batches);
    }

    @Test
    void resultsThatFinishDuringACommitGoTogetherIntoTheNext() throws Exception {
        List<String> nine = List.of("r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8");
        List<Future<Boolean>> others = whileTheFirstCommits(this::store, nine);
        for (Future<Boolean> f : others) {
            assertTrue(f.get(30, TimeUnit.SECONDS));
        }
        assertEquals(2, batches.size(), "one commit for the first, one for the nine that came meanwhile: " + batches);
        assertEquals(nine, batches.get(1).stream().sorted().toList());
    }

    @Test
    void aBatchIsNeverLargerThanItsBound() throws Exception {
        GroupCommit<String> commits = new GroupCommit<>(this::store, 3);
        List<Future<Boolean>> all = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String result = "r" + i;
            all.add(threads.submit(() -> commits.write(result)));
        }
        for (Future<Boolean> f : all) {
            assertTrue(f.get(30, TimeUnit.SECONDS));
        }
        assertEquals(50, batches.stream().mapToInt(List::size).sum());
        assertTrue(batches.stream().allMatch(b -> b.size() <= 3), batches.toString());
    }

    @Test
    void aResultTheDatabaseRefusesFailsAloneAndTheOthersAreStored() throws Exception {
        List<Future<Boolean>> others = whileTheFirstCommits(results -> {
            if (results.contains("bad")) {
                throw new IllegalStateException("invalid byte sequence in " + results);
            }
            return store(results);
        }, List.of("a", "bad", "lost", "c"));
        assertTrue(others.get(0).get(30, TimeUnit.SECONDS));
        ExecutionException refused = assertThrows(ExecutionException.class, () -> others.get(1).get(30, TimeUnit.SECONDS));
        assertEquals("invalid byte sequence in [bad]", refused.getCause().getMessage(), "its own error, from its own write");
        assertFalse(others.get(2).get(30, TimeUnit.SECONDS), "a lost lease is answered as not stored");
        assertTrue(others.get(3).get(30, TimeUnit.SECONDS));
        assertTrue(batches.containsAll(List.of(List.of("a"), List.of("lost"), List.of("c"))), batches.toString());
    }

    @Test
    void anErrorInTheWriterReachesTheCaller() {
        GroupCommit<String> commits = new GroupCommit<>(results -> {
            throw new OutOfMemoryError("Java heap space");
        }, 8);
        assertThrows(OutOfMemoryError.class, () -> commits.write("a"));
    }

    /**
     * Writes "first" through {@code writer} and holds its commit until each of {@code results} has
     * been handed in by a thread of its own (and waits for that commit), then lets it go; answers
     * the futures of {@code results}, after checking that "first" was stored.
     */
    private List<Future<Boolean>> whileTheFirstCommits(GroupCommit.Writer<String> writer, List<String> results)
            throws Exception {
        CountDownLatch firstCommitting = new CountDownLatch(1);
        CountDownLatch letItCommit = new CountDownLatch(1);
        GroupCommit<String> commits = new GroupCommit<>(batch -> {
            if (batch.equals(List.of("first"))) {
                firstCommitting.countDown();
                await(letItCommit);
            }
            return writer.apply(batch);
        }, 64);
        Future<Boolean> first = threads.submit(() -> commits.write("first"));
        firstCommitting.await();
        List<Thread> waiting = new ArrayList<>();
        List<Future<Boolean>> futures = new ArrayList<>();
        for (String result : results) {
            FutureTask<Boolean> task = new FutureTask<>(() -> commits.write(result));
            futures.add(task);
            waiting.add(Thread.ofPlatform().start(task));
        }
        // Each has queued its result and waits for the commit in progress.
        for (Thread t : waiting) {
            while (t.getState() != Thread.State.WAITING) {
                Thread.sleep(5);
            }
        }
        letItCommit.countDown();
        assertTrue(first.get(30, TimeUnit.SECONDS));
        return futures;
    }

    /** Stores every result except "lost" (its lease ran out). */
    private boolean[] store(List<String> results) {
        batches.add(List.copyOf(results));
        boolean[] stored = new boolean[results.size()];
        for (int i = 0; i < stored.length; i++) {
            stored[i] = !results.get(i).equals("lost");
        }
        return stored;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
