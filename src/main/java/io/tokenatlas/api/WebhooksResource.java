package io.tokenatlas.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tokenatlas.chain.CollectionRepository;
import io.tokenatlas.event.EventFeed;
import io.tokenatlas.event.EventFilter;
import io.tokenatlas.event.Webhook;
import io.tokenatlas.event.WebhookRepository;
import io.tokenatlas.event.WebhookSignature;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Webhook subscriptions: a URL given the events it asks for, signed with its secret, retried until
 * it answers 2xx. Every call here needs an API key (a webhook's URL and state are the operator's).
 */
@Path("/api/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
public class WebhooksResource {
    static final int MAX_LIMIT = 500;

    /** A subscription asked for; {@code secret} is made when absent. */
    public record WebhookRequest(String url, List<String> kinds, List<Long> collections, String secret) {}

    /** A subscription and its delivery state; the secret is shown once, when it is made. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WebhookDto(long id, String url, List<String> kinds, List<Long> collections, String secret,
            String position, long delivered, int failedAttempts, Integer lastStatus, String lastError,
            Instant lastAttemptAt, Instant nextAttemptAt, Instant failingSince, Instant createdAt) {
        static WebhookDto of(Webhook w, boolean withSecret) {
            return new WebhookDto(w.id(), w.url(), w.kinds(), w.collections(), withSecret ? w.secret() : null,
                    Long.toString(w.position()), w.delivered(), w.attempts(), w.lastStatus(), w.lastError(),
                    w.lastAttemptAt(), w.attempts() > 0 ? w.nextAttemptAt() : null, w.failingSince(), w.createdAt());
        }
    }

    public record WebhookPageDto(List<WebhookDto> webhooks, String next) {}

    private final WebhookRepository webhooks;
    private final CollectionRepository collections;
    private final EventFeed feed;

    public WebhooksResource(WebhookRepository webhooks, CollectionRepository collections, EventFeed feed) {
        this.webhooks = webhooks;
        this.collections = collections;
        this.feed = feed;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Subscribe a URL to events (kinds and collections narrow them); answers the secret once")
    public Response create(WebhookRequest request) {
        if (request == null || request.url() == null) {
            throw new InvalidInputException("a webhook needs a url");
        }
        URI url;
        try {
            url = URI.create(request.url().strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("url is not a URL: " + request.url());
        }
        if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
            throw new InvalidInputException("a webhook url is an absolute http or https URL, got " + request.url());
        }
        List<String> ids = request.collections() == null ? List.of()
                : request.collections().stream().map(String::valueOf).toList();
        EventFilter filter = QueryValues.eventFilter(request.kinds(), ids);
        for (long id : filter.collections()) {
            Lookups.collection(collections, id);
        }
        String secret = request.secret() == null ? WebhookSignature.newSecret() : request.secret();
        try {
            WebhookSignature.key(secret);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
        Webhook created = webhooks.create(url.toString(), filter, secret, feed.end());
        return Response.created(URI.create("/api/v1/webhooks/" + created.id())).entity(WebhookDto.of(created, true)).build();
    }

    @GET
    @Operation(summary = "The webhooks, by id (cursor= continues from a page's next)")
    public WebhookPageDto list(@QueryParam("cursor") String cursor, @QueryParam("limit") @DefaultValue("100") int limit) {
        QueryValues.limit(limit, MAX_LIMIT);
        List<Webhook> page = webhooks.page(PageCursor.afterId(cursor, "webhooks"), limit);
        return new WebhookPageDto(page.stream().map(w -> WebhookDto.of(w, false)).toList(),
                PageCursor.next("webhooks", page, limit, w -> new Object[] {w.id()}));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A webhook and where its delivery stands")
    public WebhookDto one(@PathParam("id") long id) {
        return WebhookDto.of(webhooks.byId(id).orElseThrow(() -> new NotFoundException("webhook " + id + " is not known")),
                false);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Unsubscribes a webhook")
    public Response delete(@PathParam("id") long id) {
        if (!webhooks.delete(id)) {
            throw new NotFoundException("webhook " + id + " is not known");
        }
        return Response.noContent().build();
    }
}
