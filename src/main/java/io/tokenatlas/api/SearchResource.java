package io.tokenatlas.api;

import io.tokenatlas.chain.CollectionRepository;
import io.tokenatlas.embedding.EmbeddingModel;
import io.tokenatlas.embedding.TagSearchRepository;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Tokens by words: keyword search over model labels (tags) and traits. */
@Path("/api/v1/search")
@Produces(MediaType.APPLICATION_JSON)
public class SearchResource {
    static final int MAX_LIMIT = 500;
    private static final String LIST = "search";

    private final TagSearchRepository search;
    private final CollectionRepository collections;
    private final EmbeddingModel model;

    public SearchResource(TagSearchRepository search, CollectionRepository collections, EmbeddingModel model) {
        this.search = search;
        this.collections = collections;
        this.model = model;
    }

    /** A page of hits; {@code next} (absent after the last page) is passed back as {@code cursor} for the next. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record SearchDto(String q, Long collectionId, String model, List<TagSearchRepository.Hit> results, String next) {}

    @GET
    @Operation(summary = "Find tokens by tag and trait text",
            description = "Keyword search: a token matches when one of its tags (the labels the model's class output gave"
                    + " its image, e.g. ImageNet classes such as 'mask') or one of its traits contains q. This is not"
                    + " CLIP-style text-to-image search: only the words of labels and traits are matched. A page ends"
                    + " with next while more remain: pass it as cursor for the next page.")
    public SearchDto search(@QueryParam("q") String q, @QueryParam("collection") Long collection,
            @QueryParam("cursor") String cursor, @QueryParam("limit") @DefaultValue("50") int limit) {
        if (q == null || q.isBlank()) {
            throw new InvalidInputException("q must name what to look for, e.g. ?q=mask");
        }
        if (q.length() > 200) {
            throw new InvalidInputException("q is at most 200 characters, got " + q.length());
        }
        QueryValues.limit(limit, MAX_LIMIT);
        if (collection != null) {
            Lookups.collection(collections, collection);
        }
        TagSearchRepository.Page page = search.search(q, collection, model.identity().id(), after(cursor), limit);
        TagSearchRepository.After next = page.next();
        return new SearchDto(q.strip(), collection, model.identity().name(), page.hits(), next == null ? null
                : PageCursor.encode(LIST, next.kinds(), next.best(), next.collectionId(), next.tokenId()));
    }

    private static TagSearchRepository.After after(String cursor) {
        return PageCursor.read(cursor, LIST, 4, key -> new TagSearchRepository.After(Integer.parseInt(key[0]),
                key[1].isEmpty() ? null : Float.valueOf(key[1]), Long.parseLong(key[2]), new java.math.BigInteger(key[3])));
    }
}
