package io.tokenatlas.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tokenatlas.metadata.Trait;
import java.util.List;
import java.util.Map;

/** The records the API reads and writes. */
public final class Dtos {
    private Dtos() {}

    /** Body of POST /api/v1/collections. */
    public record RegisterCollection(Long chainId, String address, Long fromBlock) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CollectionDto(
            long id,
            long chainId,
            String address,
            String caip10,
            String standard,
            String name,
            String symbol,
            String status,
            String error,
            long fromBlock,
            String fromBlockSource,
            long cursorBlock,
            Long headBlock,
            boolean enumerable,
            boolean erc4906,
            String supplyCheck,
            String recognisedBy,
            ContractDto contract,
            Map<String, Long> tokens,
            String model,
            ModelSwitchDto reembedding,
            LayoutSummaryDto layout,
            String url) {}

    /**
     * How the collection presents itself (ERC-7572 contractURI): the URI, the metadata's name,
     * description, image, banner_image, featured_image and external_link, and why it could not be read.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ContractDto(String uri, Object metadata, String error) {}

    /** The collection's current map: version 0 before the first one. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LayoutSummaryDto(int version, int revision, int tokenCount, String createdAt) {}

    /** A re-embedding under way: the configured model, and how many embedded tokens it has covered. */
    public record ModelSwitchDto(String model, long embedded, long of) {}

    /** Answer of a refresh: how many tokens go through the pipeline again. */
    public record RefreshDto(long collectionId, int refreshed) {}

    /** A token's provenance: where its metadata and image came from, what checks held, which model embedded it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProvenanceDto(long collectionId, String tokenId, String caip19, SourceDto metadata, SourceDto image,
            EmbeddedByDto embedding, String car) {}

    /** A block by number and hash. */
    public record BlockDto(long number, String hash) {}

    /** Content on IPFS: the CID and path its URI names, and whether its verified blocks are in the provenance CAR. */
    public record IpfsSourceDto(String cid, String path, boolean blocksKept) {}

    /** One fetched file: its URI (and the block the URI was read at), IPFS address, sha256 and whether it was verified. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SourceDto(String uri, BlockDto readAt, IpfsSourceDto ipfs, String sha256, Boolean verified,
            String mediaType, Integer width, Integer height, Long bytes) {}

    /** The model that made the token's vector, named by its file's sha256, and when. */
    public record EmbeddedByDto(String model, String modelSha256, int dimension, java.time.OffsetDateTime embeddedAt) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TokenDto(
            long collectionId,
            String tokenId,
            String caip19,
            String name,
            String state,
            String error,
            String errorCode,
            String failedStage,
            int attempts,
            String owner,
            String supply,
            long mintedBlock,
            boolean burned,
            String tokenUri,
            String imageUri,
            String imageUrl,
            String thumbnailUrl,
            Map<String, String> thumbnails,
            String placeholder,
            Boolean imageVerified,
            String phash,
            List<Trait> traits,
            List<io.tokenatlas.catalog.TokenReadRepository.TagLine> tags,
            Object metadata) {}

    public record NeighbourDto(long collectionId, String tokenId, double score) {}

    /**
     * Tokens like one token; descriptor is "adapted" (the collection's fitted descriptor) or
     * "stored" (the model's vectors as stored), scope "collection" or "all", traits the conditions applied.
     */
    public record SimilarDto(long collectionId, String tokenId, String model, String descriptor, String scope,
            List<String> traits,
            List<NeighbourDto> results) {}

    /** A token on the map; col and row are null when it has no grid cell. */
    public record MapPointDto(String tokenId, float x, float y, Integer col, Integer row, int cluster,
            boolean provisional) {}

    /** The points as parallel arrays; cell = row * cols + col, -1 for none. */
    public record MapColumnsDto(List<String> tokenId, float[] x, float[] y, int[] cell, int[] cluster,
            boolean[] provisional) {}

    public record MapClusterDto(int id, String name, int size, float x, float y) {}

    public record GridDto(int cols, int rows) {}

    /**
     * A layout version: version counts recomputes (0 before the first), revision counts changes
     * since it (tokens placed provisionally or removed); points is a list or, in the columnar form,
     * a {@link MapColumnsDto}.
     */
    public record MapDto(long collectionId, int version, String createdAt, int revision, String model, GridDto grid,
            int tokenCount, @com.fasterxml.jackson.annotation.JsonRawValue String params, int provisional,
            List<MapClusterDto> clusters, Object points) {}
}
