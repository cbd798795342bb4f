package io.tokenatlas.vector;

import io.tokenatlas.config.AtlasConfig;
import io.tokenatlas.config.MediaConfig;
import io.tokenatlas.embedding.AdaptedDescriptors;
import io.tokenatlas.embedding.EmbeddingModel;
import io.tokenatlas.embedding.ModelIdentity;
import io.tokenatlas.fetch.FetchException;
import io.tokenatlas.fetch.Fetcher;
import io.tokenatlas.fetch.ResourceUri;
import io.tokenatlas.media.ImageDecoder;
import io.tokenatlas.media.Thumbnails;
import jakarta.enterprise.context.ApplicationScoped;
import java.awt.image.BufferedImage;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * Tokens that look like a picture the user brings: decoded with the same limits as token images,
 * turned into a thumbnail and a vector exactly as a token's would be, then searched across
 * collections with the configured model's vectors, or within one by its adapted descriptor.
 */
@ApplicationScoped
public class ImageSearch {
    private final Fetcher fetcher;
    private final EmbeddingModel model;
    private final SimilarityRepository similarity;
    private final AdaptedSimilarity adapted;
    private final AdaptedDescriptors descriptors;
    private final ImageDecoder decoder;
    private final int thumbnailSize;
    private final long maxBytes;

    public ImageSearch(Fetcher fetcher, EmbeddingModel model, SimilarityRepository similarity, AdaptedSimilarity adapted,
            AdaptedDescriptors descriptors, AtlasConfig config) {
        this.adapted = adapted;
        this.descriptors = descriptors;
        this.fetcher = fetcher;
        this.model = model;
        this.similarity = similarity;
        MediaConfig media = config.media();
        this.decoder = ImageDecoder.of(media);
        this.thumbnailSize = media.thumbnailSize();
        this.maxBytes = config.api().maxUploadBytes();
    }

    public long maxBytes() {
        return maxBytes;
    }

    /**
     * Fetches an image by URL through the guarded fetcher (http, ipfs, ar, data:). Throws
     * {@link FetchException} (with its code) when it cannot be fetched.
     */
    public byte[] fetch(String url) {
        ResourceUri uri;
        try {
            uri = ResourceUri.parse(url, BigInteger.ZERO);
        } catch (IllegalArgumentException e) {
            throw new FetchException(FetchException.INVALID_URI, "the image URL cannot be fetched: " + e.getMessage(),
                    false, e);
        }
        return fetcher.fetch(uri, maxBytes).bytes();
    }

    /** The model that ranks searches by image (the configured one). */
    public ModelIdentity model() {
        return model.identity();
    }

    /** What a search found, and by which descriptor ("adapted" or "stored"). */
    public record Found(String descriptor, List<Neighbour> neighbours) {}

    /**
     * The k tokens most like {@code image} within the scope: in one collection by its adapted
     * descriptor once it has one, else by the stored vectors. Throws
     * {@link io.tokenatlas.media.ImageRefusedException} for bytes that are not a usable picture.
     */
    public Found search(byte[] image, SimilarityRepository.Scope scope, int k) {
        float[] stored = vectorOf(image);
        ModelIdentity identity = model.identity();
        if (scope.collectionId() != null && model.recentServingFor(scope.collectionId()).id() == identity.id()) {
            Optional<AdaptedDescriptors.Current> fit = descriptors.current(scope.collectionId(), identity);
            if (fit.isPresent()) {
                return new Found("adapted", adapted.similar(scope.collectionId(), identity.id(),
                        fit.get().descriptor().project(stored), null, scope.traits(), k));
            }
        }
        return new Found("stored", similarity.similar(scope, stored, null, identity, k));
    }

    /** The vector a token with this image would get: decode, thumbnail (through PNG, as stored), embed. */
    float[] vectorOf(byte[] bytes) {
        BufferedImage decoded = decoder.decode(bytes).image();
        BufferedImage thumbnail = Thumbnails.readPng(Thumbnails.png(Thumbnails.fit(decoded, thumbnailSize)));
        float[] tensor = model.preprocessor().tensor(thumbnail);
        float[] embedding = model.embedder().infer(tensor, 1).vectors()[0];
        return model.storedVector(embedding, model.colourOf(thumbnail));
    }
}
