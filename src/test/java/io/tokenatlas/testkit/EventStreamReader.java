package io.tokenatlas.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A server-sent events client as the WHATWG spec parses them (id, event, data lines; comments
 * skipped), reading on its own thread into a queue, with Last-Event-ID on connect.
 */
public final class EventStreamReader implements AutoCloseable {
    /** One event: its id, its name and its data. */
    public record SseEvent(String id, String name, String data) {}

    private final LinkedBlockingQueue<SseEvent> events = new LinkedBlockingQueue<>();
    private final InputStream body;
    private final Thread reader;
    private final int status;

    private EventStreamReader(HttpResponse<InputStream> response) {
        this.status = response.statusCode();
        this.body = response.body();
        this.reader = Thread.ofVirtual().start(this::read);
    }

    /** Opens {@code url}; {@code lastEventId} may be null. */
    public static EventStreamReader open(String url, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        try {
            return new EventStreamReader(HttpClient.newHttpClient().send(request.build(),
                    HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new IllegalStateException("opening the event stream " + url + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int status() {
        return status;
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String id = null;
            String name = null;
            StringBuilder data = null;
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new SseEvent(id, name == null ? "message" : name, data.toString()));
                    }
                    name = null;
                    data = null;
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    String value = line.substring(5);
                    value = value.startsWith(" ") ? value.substring(1) : value;
                    data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                }
            }
        } catch (IOException e) {
            // the stream was closed
        }
    }

    /** The next {@code n} events, waiting at most {@code timeout} in all; fewer when it runs out. */
    public List<SseEvent> take(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<SseEvent> taken = new ArrayList<>();
        while (taken.size() < n) {
            SseEvent event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (event == null) {
                break;
            }
            taken.add(event);
        }
        return taken;
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException e) {
            // closing anyway
        }
        reader.interrupt();
    }
}
