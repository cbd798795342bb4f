package io.tokenatlas.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.tokenatlas.catalog.TokenReadRepository;
import io.tokenatlas.chain.Collection;
import io.tokenatlas.chain.CollectionRepository;
import io.tokenatlas.config.ApiConfig;
import io.tokenatlas.watch.Watch;
import io.tokenatlas.watch.WatchMatch;
import io.tokenatlas.watch.WatchMatchRepository;
import io.tokenatlas.watch.WatchRepository;
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
import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Copymint watches: a collection or one token whose copies, minted on any other collection, are
 * found as they are embedded and reported as copymint.match events (and webhooks). Every call here
 * needs an API key: what an operator watches is theirs.
 */
@Path("/api/v1/watches")
@Produces(MediaType.APPLICATION_JSON)
public class WatchesResource {
    static final int MAX_LIMIT = 500;

    /** A watch asked for: {@code collection} by id or CAIP-10, optionally one {@code tokenId}; thresholds default to /duplicates'. */
    public record WatchRequest(String collection, String tokenId, Double minSimilarity, Integer maxDistance) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WatchDto(long id, long collectionId, String tokenId, double minSimilarity, int maxDistance,
            long matches, String matchesUrl, Instant createdAt) {}

    public record WatchPageDto(List<WatchDto> watches, String next) {}

    /** A match: the copy, the watched original, and the evidence (scores, hash distance, both mints). */
    public record MatchDto(long id, long collectionId, String tokenId, String originalTokenId,
            @JsonRawValue String evidence, Instant foundAt) {}

    public record MatchPageDto(long watchId, List<MatchDto> matches, String next) {}

    private final WatchRepository watches;
    private final WatchMatchRepository matches;
    private final CollectionRepository collections;
    private final TokenReadRepository tokens;
    private final ApiConfig config;

    public WatchesResource(WatchRepository watches, WatchMatchRepository matches, CollectionRepository collections,
            TokenReadRepository tokens, ApiConfig config) {
        this.watches = watches;
        this.matches = matches;
        this.collections = collections;
        this.tokens = tokens;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Watch a collection or one token for copies minted elsewhere", description = "Each token"
            + " indexed from now on, on any other collection, is compared as it is embedded; a copy (perceptual hashes"
            + " within maxDistance bits allowing flips, turns and a crop, structures matching, vectors at least"
            + " minSimilarity alike) is recorded with its evidence and sent as a copymint.match event. 201.")
    public Response create(WatchRequest request) {
        if (request == null || request.collection() == null || request.collection().isBlank()) {
            throw new InvalidInputException("a watch needs a collection (its id or eip155:<chainId>:<address>)");
        }
        Collection collection = collection(request.collection().strip());
        BigInteger token = null;
        if (request.tokenId() != null) {
            token = QueryValues.tokenId(request.tokenId());
            Lookups.token(collection, tokens, request.tokenId());
        }
        int distance = QueryValues.hashDistance(
                request.maxDistance() == null ? config.duplicateMaxDistance() : request.maxDistance(), "maxDistance");
        double similarity = QueryValues.similarity(
                request.minSimilarity() == null ? config.duplicateMinSimilarity() : request.minSimilarity(),
                "minSimilarity");
        Watch created = watches.create(collection.id(), token, similarity, distance);
        return Response.created(URI.create("/api/v1/watches/" + created.id())).entity(dto(created)).build();
    }

    @GET
    @Operation(summary = "The watches, by id (cursor= continues from a page's next)")
    public WatchPageDto list(@QueryParam("cursor") String cursor, @QueryParam("limit") @DefaultValue("100") int limit) {
        QueryValues.limit(limit, MAX_LIMIT);
        List<Watch> page = watches.page(PageCursor.afterId(cursor, "watches"), limit);
        return new WatchPageDto(page.stream().map(WatchesResource::dto).toList(),
                PageCursor.next("watches", page, limit, w -> new Object[] {w.id()}));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A watch and how many copies it has found")
    public WatchDto one(@PathParam("id") long id) {
        return dto(find(id));
    }

    @GET
    @Path("/{id}/matches")
    @Operation(summary = "The copies a watch has found, oldest first, with their evidence"
            + " (cursor= continues from a page's next)")
    public MatchPageDto matches(@PathParam("id") long id, @QueryParam("cursor") String cursor,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        QueryValues.limit(limit, MAX_LIMIT);
        find(id);
        // A cursor names its watch: one watch's cursor is refused by another's matches.
        List<WatchMatch> page = matches.matches(id, PageCursor.afterId(cursor, "watch-" + id + "-matches"), limit);
        return new MatchPageDto(id, page.stream().map(m -> new MatchDto(m.id(), m.collectionId(), m.tokenId().toString(),
                m.originalTokenId().toString(), m.evidence(), m.foundAt())).toList(),
                PageCursor.next("watch-" + id + "-matches", page, limit, m -> new Object[] {m.id()}));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Stops a watch (its matches go with it)")
    public Response delete(@PathParam("id") long id) {
        if (!watches.delete(id)) {
            throw new NotFoundException("watch " + id + " is not known");
        }
        return Response.noContent().build();
    }

    private Watch find(long id) {
        return watches.byId(id).orElseThrow(() -> new NotFoundException("watch " + id + " is not known"));
    }

    private Collection collection(String named) {
        if (CaipIds.looksLikeAccount(named)) {
            CaipIds.ChainAddress account;
            try {
                account = CaipIds.parseAccount(named);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(e.getMessage());
            }
            return collections.byAddress(account.chainId(), account.address())
                    .orElseThrow(() -> new NotFoundException("collection " + named + " is not registered"));
        }
        try {
            return Lookups.collection(collections, Long.parseLong(named));
        } catch (NumberFormatException e) {
            throw new InvalidInputException("collection is an id or eip155:<chainId>:<address>, got " + named);
        }
    }

    private static WatchDto dto(Watch w) {
        return new WatchDto(w.id(), w.collectionId(), w.tokenId() == null ? null : w.tokenId().toString(),
                w.minSimilarity(), w.maxDistance(), w.matches(), "/api/v1/watches/" + w.id() + "/matches", w.createdAt());
    }
}
