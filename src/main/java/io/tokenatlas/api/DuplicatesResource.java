package io.tokenatlas.api;

import io.tokenatlas.chain.CollectionRepository;
import io.tokenatlas.config.ApiConfig;
import io.tokenatlas.vector.DuplicateFinder;
import io.tokenatlas.vector.NearDuplicates;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** Near-duplicates and copymints across collections. */
@Path("/api/v1/duplicates")
@Produces(MediaType.APPLICATION_JSON)
public class DuplicatesResource {
    private static final String LIST = "duplicates";
    static final int MAX_LIMIT = 500;

    private final DuplicateFinder finder;
    private final CollectionRepository collections;
    private final EntityTags tags;
    private final ApiConfig config;

    public DuplicatesResource(DuplicateFinder finder, CollectionRepository collections, EntityTags tags,
            ApiConfig apiConfig) {
        this.finder = finder;
        this.collections = collections;
        this.tags = tags;
        this.config = apiConfig;
    }

    public record MemberDto(long collectionId, String tokenId, String name, long mintedBlock, int hashDistance,
            String mediaSha256, String thumbnailUrl) {}

    /** A group: its first member is the earliest minted, the likely original. */
    public record GroupDto(MemberDto original, List<MemberDto> copies) {}

    /** A page of groups; {@code next} (absent after the last page) is passed back as {@code cursor} for the next. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record DuplicatesDto(Long collectionId, int maxDistance, double minSimilarity, String model, int total,
            List<GroupDto> groups, String next) {}

    @GET
    @Operation(summary = "Groups of tokens whose images are the same or nearly so", description = "Across every"
            + " collection: tokens with the same image bytes, or whose 64-bit perceptual hashes differ in at most"
            + " maxDistance bits and whose vectors have at least minSimilarity cosine similarity. Each group starts"
            + " with its earliest mint, the likely original. With collection=, only groups holding one of its tokens.")
    public Response duplicates(@QueryParam("collection") Long collection,
            @Parameter(description = "0 to 31 bits") @QueryParam("maxDistance") Integer maxDistance,
            @Parameter(description = "-1 to 1") @QueryParam("minSimilarity") Double minSimilarity,
            @QueryParam("cursor") String cursor, @QueryParam("limit") @DefaultValue("50") int limit,
            @Context UriInfo uri, @Context Request request) {
        int distance = QueryValues.hashDistance(maxDistance == null ? config.duplicateMaxDistance() : maxDistance,
                "maxDistance");
        double similarity = QueryValues.similarity(minSimilarity == null ? config.duplicateMinSimilarity() : minSimilarity,
                "minSimilarity");
        QueryValues.limit(limit, MAX_LIMIT);
        if (collection != null) {
            Lookups.collection(collections, collection);
        }
        DuplicateFinder.Result result;
        try {
            result = finder.find(collection, distance, similarity, after(cursor), limit);
        } catch (NearDuplicates.TooManyPairsException e) {
            throw new InvalidInputException(e.getMessage());
        }
        var base = uri.getBaseUriBuilder();
        List<GroupDto> groups = result.groups().stream().map(g -> {
            List<MemberDto> members = g.stream().map(m -> new MemberDto(m.token().collectionId(),
                    m.token().tokenId().toString(), m.token().name(), m.token().mintedBlock(), m.distance(),
                    m.token().mediaSha256(), base.clone().path("api/v1/media/{sha}/thumbnail")
                            .build(m.token().mediaSha256()).toString())).toList();
            return new GroupDto(members.get(0), members.subList(1, members.size()));
        }).toList();
        DuplicateFinder.GroupKey next = result.next();
        return tags.ok(new DuplicatesDto(collection, distance, similarity, result.model(), result.total(), groups,
                next == null ? null : PageCursor.encode(LIST, next.size(), next.mintedBlock(), next.collectionId(),
                        next.tokenId())), request);
    }

    private static DuplicateFinder.GroupKey after(String cursor) {
        return PageCursor.read(cursor, LIST, 4, key -> new DuplicateFinder.GroupKey(Integer.parseInt(key[0]),
                Long.parseLong(key[1]), Long.parseLong(key[2]), new java.math.BigInteger(key[3])));
    }
}
