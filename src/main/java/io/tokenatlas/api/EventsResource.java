package io.tokenatlas.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenatlas.event.Event;
import io.tokenatlas.event.EventFeed;
import io.tokenatlas.event.EventFilter;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

/**
 * What happens, as it happens: server-sent events (each with its id; a client that reconnects
 * with Last-Event-ID resumes after it), or a page of events for clients that poll.
 */
@Path("/api/v1/events")
public class EventsResource {
    private static final Logger LOG = Logger.getLogger(EventsResource.class);
    static final int MAX_LIMIT = 1000;
    /** How long a client may take to accept one event before its stream is dropped. */
    private static final long SEND_TIMEOUT_SECONDS = 30;

    private final EventFeed feed;

    public EventsResource(EventFeed feed) {
        this.feed = feed;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Stream events (kind= and collection= narrow it; Last-Event-ID or after= resumes)")
    public void stream(@Context SseEventSink sink, @Context Sse sse, @Context UriInfo uri,
            @HeaderParam("Last-Event-ID") String lastEventId, @QueryParam("after") String after,
            @QueryParam("kind") List<String> kinds, @QueryParam("collection") List<String> collections) {
        EventFilter filter = QueryValues.eventFilter(kinds, collections);
        long position = lastEventId != null && !lastEventId.isBlank() ? QueryValues.eventPosition(lastEventId, "Last-Event-ID")
                : after != null ? QueryValues.eventPosition(after, "after") : feed.end();
        if (!feed.admit()) {
            throw new WebApplicationException(jakarta.ws.rs.core.Response.fromResponse(ProblemMapper.problem(503, "streams-full",
                    "Too many event streams", "this replica serves as many event streams as it may; try again later", uri))
                    .header("Retry-After", 10).build());
        }
        // The opening is sent here, before this method returns: it writes the response's head, which the
        // framework writes itself after the method unless it has been written (a first send from another
        // thread raced it, and the loser broke the stream).
        CompletionStage<?> opened;
        try {
            opened = sink.send(sse.newEventBuilder().comment("from " + position)
                    .reconnectDelay(feed.reconnectDelay().toMillis()).build());
        } catch (RuntimeException e) {
            feed.leave();
            sink.close();
            throw e;
        }
        Thread.ofVirtual().name("events-stream").start(() -> {
            try (sink) {
                if (!sent(opened)) {
                    return;
                }
                feed.feed(position, filter, new EventFeed.Sink() {
                    @Override
                    public boolean send(Event event) {
                        return EventsResource.send(sink, sse.newEventBuilder().id(Long.toString(event.seq()))
                                .name(event.kind()).mediaType(MediaType.APPLICATION_JSON_TYPE).data(event.json()).build());
                    }

                    @Override
                    public boolean heartbeat() {
                        return EventsResource.send(sink, sse.newEventBuilder().comment("heartbeat").build());
                    }
                });
            } catch (RuntimeException e) {
                // The client reconnects with its Last-Event-ID and misses nothing.
                LOG.warnf("an event stream was closed: %s", e.getMessage());
            } finally {
                feed.leave();
            }
        });
    }

    private static boolean send(SseEventSink sink, jakarta.ws.rs.sse.OutboundSseEvent event) {
        if (sink.isClosed()) {
            return false;
        }
        try {
            return sent(sink.send(event));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Whether a send was written within the time a client has to accept it. */
    private static boolean sent(CompletionStage<?> sending) {
        try {
            sending.toCompletableFuture().get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A page of events after a position, for clients that poll")
    public ObjectNode page(@QueryParam("after") @DefaultValue("0") String after,
            @QueryParam("limit") @DefaultValue("100") int limit,
            @QueryParam("kind") List<String> kinds, @QueryParam("collection") List<String> collections) {
        QueryValues.limit(limit, MAX_LIMIT);
        EventFeed.Page page = feed.page(QueryValues.eventPosition(after, "after"), QueryValues.eventFilter(kinds, collections),
                limit);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        var events = body.putArray("events");
        for (Event event : page.events()) {
            ObjectNode node = event.node();
            node.put("id", Long.toString(event.seq()));
            events.add(node);
        }
        body.put("next", Long.toString(page.next()));
        return body;
    }
}
