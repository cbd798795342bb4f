package io.tokenatlas.event;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tokenatlas.config.EventsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * This replica's view of the end of the event log: every poll interval it orders the events
 * committed since (when no other replica is doing so) and wakes the streams and webhook deliveries
 * waiting for an event past the one they have. Old events are deleted once an hour.
 */
@ApplicationScoped
public class EventTail {
    private static final Logger LOG = Logger.getLogger(EventTail.class);
    private static final int BATCH = 10_000;
    private static final long PRUNE_EVERY_NANOS = Duration.ofHours(1).toNanos();

    private final EventLog log;
    private final EventsConfig config;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition advanced = lock.newCondition();
    private volatile long last = -1;
    private volatile boolean running;
    private Thread thread;

    public EventTail(EventLog log, EventsConfig config) {
        this.log = log;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        running = true;
        thread = Thread.ofVirtual().name("event-tail").start(this::run);
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void run() {
        long lastPrune = System.nanoTime() - PRUNE_EVERY_NANOS + Duration.ofMinutes(1).toNanos();
        while (running) {
            try {
                publish(log.sequence(BATCH));
                if (System.nanoTime() - lastPrune >= PRUNE_EVERY_NANOS) {
                    lastPrune = System.nanoTime();
                    int pruned = log.prune(config.retention(), BATCH);
                    if (pruned > 0) {
                        LOG.infof("deleted %d events older than %s", pruned, config.retention());
                    }
                }
            } catch (RuntimeException e) {
                LOG.warnf("the event log could not be read (trying again): %s", e.getMessage());
            }
            try {
                Thread.sleep(config.pollInterval());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void publish(long seq) {
        if (seq == last) {
            return;
        }
        lock.lock();
        try {
            last = seq;
            advanced.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The last seq this replica knows of (reads it when the tail has not run yet). */
    public long last() {
        long known = last;
        return known >= 0 ? known : log.lastSeq();
    }

    /**
     * Waits until an event past {@code seq} is known or the timeout passes; returns the last seq
     * known then.
     */
    public long awaitAfter(long seq, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (last <= seq) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                advanced.awaitNanos(left);
            }
            return last();
        } finally {
            lock.unlock();
        }
    }

    /** Sleeps at most the timeout, less when events arrive (for loops that only need a wake-up). */
    public void pause(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            advanced.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            lock.unlock();
        }
    }
}
