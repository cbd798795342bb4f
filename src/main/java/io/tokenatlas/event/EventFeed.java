package io.tokenatlas.event;

import io.tokenatlas.config.EventsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Feeds one client's event stream: the events after its position that its filter wants, in order,
 * then each new one as the tail learns of it, with a heartbeat while nothing happens. At most
 * {@code atlas.events.max-streams} at once per replica.
 */
@ApplicationScoped
public class EventFeed {
    private static final int PAGE = 500;

    /** Where the events go; each call returns false once the client has gone. */
    public interface Sink {
        boolean send(Event event);

        boolean heartbeat();
    }

    private final EventLog log;
    private final EventTail tail;
    private final EventsConfig config;
    private final AtomicInteger open = new AtomicInteger();

    public EventFeed(EventLog log, EventTail tail, EventsConfig config) {
        this.log = log;
        this.tail = tail;
        this.config = config;
    }

    /** Takes a stream's place ({@link #leave} gives it back); false when this replica already serves as many as it may. */
    public boolean admit() {
        if (open.incrementAndGet() > config.maxStreams()) {
            open.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Gives back the place {@link #admit} took. */
    public void leave() {
        open.decrementAndGet();
    }

    /** The position of a stream that names none: the end of the log (only new events). */
    public long end() {
        return tail.last();
    }

    /** Streams to {@code sink} from {@code position} until the client goes or the thread is interrupted. */
    public void feed(long position, EventFilter filter, Sink sink) {
        try {
            long at = position;
            while (true) {
                long upTo = tail.last();
                if (upTo > at) {
                    List<Event> events = log.read(at, upTo, filter, PAGE);
                    for (Event event : events) {
                        if (!sink.send(event)) {
                            return;
                        }
                        at = event.seq();
                    }
                    if (events.size() < PAGE) {
                        at = upTo;
                    }
                    continue;
                }
                if (tail.awaitAfter(at, config.heartbeat()) <= at && !sink.heartbeat()) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Events for clients that poll; {@code next} is the position to ask from next time. */
    public record Page(List<Event> events, long next) {}

    /** Up to {@code limit} events after {@code after}. */
    public Page page(long after, EventFilter filter, int limit) {
        long upTo = tail.last();
        List<Event> events = log.read(after, upTo, filter, limit);
        return new Page(events, events.size() < limit ? Math.max(after, upTo) : events.getLast().seq());
    }

    /** How long clients wait before reconnecting. */
    public Duration reconnectDelay() {
        return Duration.ofSeconds(2);
    }
}
