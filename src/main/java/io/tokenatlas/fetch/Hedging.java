package io.tokenatlas.fetch;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;

/**
 * Hedged requests across gateways: the next gateway starts when the current one fails, or when it
 * has not answered after the hedge delay; the first success wins and the calls still running are
 * cancelled. Verified content over a limit ends the race at once (no gateway can send less of it).
 */
final class Hedging implements AutoCloseable {
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private final Duration hedge;
    private final Runnable onHedge;

    /** {@code onHedge} runs each time a next gateway is started because the current one is slow. */
    Hedging(Duration hedge, Runnable onHedge) {
        this.hedge = hedge;
        this.onHedge = onHedge;
    }

    /** One try at one gateway; it hands each HTTP call it starts to {@code calls}, so they can be cancelled. */
    interface Attempt {
        Fetched run(String gateway, List<Call> calls);
    }

    /** What the gateways answered when none of them delivered. */
    static final class Failures {
        final List<FetchException> errors = new CopyOnWriteArrayList<>();
        final Set<String> liars = ConcurrentHashMap.newKeySet();

        void add(String gateway, FetchException e) {
            errors.add(e);
            if (e.code().equals(FetchException.CID_MISMATCH)) {
                liars.add(gateway);
            }
        }

        String messages() {
            return String.join("; ", new LinkedHashSet<>(errors.stream().map(Throwable::getMessage).toList()));
        }
    }

    /** The first gateway's success, in {@code ordered} order and hedged; null when every gateway failed (see {@code failures}). */
    Fetched first(List<String> ordered, Attempt attempt, Failures failures) {
        ExecutorCompletionService<Fetched> done = new ExecutorCompletionService<>(pool);
        Map<Future<Fetched>, List<Call>> running = new ConcurrentHashMap<>();
        Map<Future<Fetched>, String> gatewayOf = new ConcurrentHashMap<>();
        int next = 0;
        try {
            while (!running.isEmpty() || next < ordered.size()) {
                if (running.isEmpty()) {
                    start(done, running, gatewayOf, attempt, ordered.get(next++));
                }
                Future<Fetched> finished;
                if (next < ordered.size() && !hedge.isZero()) {
                    finished = done.poll(hedge.toMillis(), TimeUnit.MILLISECONDS);
                    if (finished == null) {
                        onHedge.run();
                        start(done, running, gatewayOf, attempt, ordered.get(next++));
                        continue;
                    }
                } else {
                    finished = done.take();
                }
                running.remove(finished);
                try {
                    return finished.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof FetchException fe && fe.getCause() instanceof UnixFsFile.OverBudget) {
                        throw fe;
                    }
                    failures.add(gatewayOf.get(finished), e.getCause() instanceof FetchException fe ? fe
                            : new FetchException(FetchException.UNREACHABLE, String.valueOf(e.getCause()), true, e));
                }
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException(FetchException.TIMEOUT, "interrupted while fetching from IPFS", true, e);
        } finally {
            running.values().forEach(calls -> calls.forEach(Call::cancel));
        }
    }

    private void start(ExecutorCompletionService<Fetched> done, Map<Future<Fetched>, List<Call>> running,
            Map<Future<Fetched>, String> gatewayOf, Attempt attempt, String gateway) {
        List<Call> calls = new CopyOnWriteArrayList<>();
        Future<Fetched> f = done.submit(() -> attempt.run(gateway, calls));
        running.put(f, calls);
        gatewayOf.put(f, gateway);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
