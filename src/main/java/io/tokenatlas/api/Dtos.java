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
            Map<String, Long> tokens,
            String model,
            ModelSwitchDto reembedding,
            String url) {}

    /** A re-embedding under way: the configured model, and how many embedded tokens it has covered. */
    public record ModelSwitchDto(String model, long embedded, long of) {}

    /** Answer of a refresh: how many tokens go through the pipeline again. */
    public record RefreshDto(long collectionId, int refreshed) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TokenDto(
            long collectionId,
            String tokenId,
            String name,
            String state,
            String error,
            String errorCode,
            String failedStage,
            int attempts,
            String owner,
            long mintedBlock,
            boolean burned,
            String tokenUri,
            String imageUri,
            String thumbnailUrl,
            Boolean imageVerified,
            String phash,
            List<Trait> traits,
            List<io.tokenatlas.token.TokenReadRepository.TagLine> tags,
            Object metadata) {}

    public record NeighbourDto(String tokenId, double score) {}

    public record SimilarDto(long collectionId, String tokenId, String model, List<NeighbourDto> results) {}

    public record MapPointDto(String tokenId, double x, double y) {}

    public record MapDto(long collectionId, String model, String projection, List<MapPointDto> points) {}
}
