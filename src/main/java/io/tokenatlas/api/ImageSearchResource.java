package io.tokenatlas.api;

import io.tokenatlas.chain.CollectionRepository;
import io.tokenatlas.metadata.TraitFilter;
import io.tokenatlas.vector.ImageSearch;
import io.tokenatlas.vector.SimilarityRepository;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** Tokens that look like a picture: uploaded, or fetched from a URL through the same guarded fetcher as token images. */
@Path("/api/v1/search/image")
@Produces(MediaType.APPLICATION_JSON)
public class ImageSearchResource {
    private final ImageSearch search;
    private final CollectionRepository collections;

    public ImageSearchResource(ImageSearch search, CollectionRepository collections) {
        this.search = search;
        this.collections = collections;
    }

    /** Body of a search by image URL. */
    public record ImageUrl(String url) {}

    public record ImageMatchDto(long collectionId, String tokenId, double score, String url, String thumbnailUrl) {}

    /** The matches, the model, and the descriptor compared ("adapted" within a fitted collection, else "stored"). */
    public record ImageSearchDto(String model, String descriptor, Long collectionId, List<String> traits,
            List<ImageMatchDto> results) {}

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Find tokens that look like an uploaded image", description = "Multipart form with the"
            + " picture in the field 'image' (PNG, JPEG, GIF, WebP, BMP or SVG), or an image URL in the field 'url'."
            + " Ranked by cosine similarity across every collection, or within ?collection=.")
    public ImageSearchDto upload(@RestForm("image") FileUpload image, @RestForm("url") String url,
            @QueryParam("k") @DefaultValue("20") int k, @QueryParam("collection") Long collection,
            @Parameter(description = "type:value") @QueryParam("trait") List<String> traits, @Context UriInfo uri) {
        if (image == null && (url == null || url.isBlank())) {
            throw new InvalidInputException("send the picture in the multipart field 'image', or its URL in 'url'");
        }
        byte[] bytes = image != null ? read(image) : search.fetch(url.strip());
        return run(bytes, k, collection, traits, uri);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Find tokens that look like the image at a URL", description = "Body {\"url\": ...}: http(s),"
            + " ipfs://, ar:// or data:, fetched with the same limits and address guard as token images.")
    public ImageSearchDto byUrl(ImageUrl body, @QueryParam("k") @DefaultValue("20") int k,
            @QueryParam("collection") Long collection, @QueryParam("trait") List<String> traits, @Context UriInfo uri) {
        if (body == null || body.url() == null || body.url().isBlank()) {
            throw new InvalidInputException("the body must name the image: {\"url\": \"https://...\"}");
        }
        return run(search.fetch(body.url().strip()), k, collection, traits, uri);
    }

    private ImageSearchDto run(byte[] image, int k, Long collection, List<String> traits, UriInfo uri) {
        if (k < 1 || k > SimilarResource.MAX_K) {
            throw new InvalidInputException("k must be between 1 and " + SimilarResource.MAX_K + ", got " + k);
        }
        if (collection != null) {
            Lookups.collection(collections, collection);
        }
        TraitFilter filter = QueryValues.traitFilter(traits);
        ImageSearch.Found found = search.search(image, new SimilarityRepository.Scope(collection, filter), k);
        var base = uri.getBaseUriBuilder();
        List<ImageMatchDto> results = found.neighbours().stream().map(n -> new ImageMatchDto(n.collectionId(), n.tokenId().toString(),
                n.score(),
                base.clone().path("api/v1/collections/{c}/tokens/{t}").build(n.collectionId(), n.tokenId()).toString(),
                base.clone().path("api/v1/collections/{c}/tokens/{t}/thumbnail").build(n.collectionId(), n.tokenId())
                        .toString())).toList();
        return new ImageSearchDto(search.model().name(), found.descriptor(), collection, traits == null ? List.of() : traits, results);
    }

    private byte[] read(FileUpload upload) {
        if (upload.size() > search.maxBytes()) {
            throw new InvalidInputException("the image is " + upload.size() + " bytes, over the limit of "
                    + search.maxBytes() + " (atlas.api.max-upload-bytes)");
        }
        try {
            return Files.readAllBytes(upload.uploadedFile());
        } catch (IOException e) {
            throw new IllegalStateException("reading the uploaded image failed: " + e.getMessage(), e);
        }
    }
}
