package io.tokenatlas.watch;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Compares each token as it is indexed (or refreshed) on any collection with the copymint watches,
 * following the event log: a match is recorded with its evidence and becomes a copymint.match event
 * (and so a webhook delivery) in the same transaction. One replica at a time; every replica looks each second.
 */
@ApplicationScoped
public class CopymintWatcher {
    private static final Logger LOG = Logger.getLogger(CopymintWatcher.class);
    /** New tokens compared in one transaction. */
    static final int BATCH = 500;

    private final WatchMatchRepository scans;
    private final CopyJudge judge;
    private final MeterRegistry meters;

    public CopymintWatcher(WatchMatchRepository scans, CopyJudge judge, MeterRegistry meters) {
        this.scans = scans;
        this.judge = judge;
        this.meters = meters;
    }

    @Scheduled(every = "1s", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void watch() {
        try {
            int compared;
            do {
                compared = scans.scan(BATCH, (watches, tokens) -> {
                    var found = judge.compare(watches, tokens);
                    meters.counter("atlas.watch.matches").increment(found.size());
                    return found;
                });
                if (compared > 0) {
                    meters.counter("atlas.watch.compared").increment(compared);
                }
            } while (compared == BATCH);
        } catch (RuntimeException e) {
            LOG.warnf("comparing new tokens with the copymint watches failed (trying again): %s", e.getMessage());
        }
    }
}
