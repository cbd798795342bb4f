package io.tokenatlas.metadata;

import io.quarkus.scheduler.Scheduled;
import io.tokenatlas.chain.ChainException;
import io.tokenatlas.chain.ChainNodes;
import io.tokenatlas.chain.Erc721Abi;
import io.tokenatlas.config.AtlasConfig;
import io.tokenatlas.fetch.FetchException;
import io.tokenatlas.fetch.Fetcher;
import io.tokenatlas.fetch.ResourceUri;
import io.tokenatlas.token.ClaimedToken;
import io.tokenatlas.token.StageFailure;
import io.tokenatlas.token.StageRunner;
import io.tokenatlas.token.TokenState;
import jakarta.enterprise.context.ApplicationScoped;

/** DISCOVERED -> METADATA_RESOLVED: reads tokenURI on chain, fetches and parses the metadata JSON. */
@ApplicationScoped
public class MetadataStage {
    static final String STAGE = "metadata";

    private final ChainNodes nodes;
    private final Fetcher fetcher;
    private final MetadataRepository repository;
    private final StageRunner runner;
    private final AtlasConfig config;

    public MetadataStage(ChainNodes nodes, Fetcher fetcher, MetadataRepository repository, StageRunner runner,
            AtlasConfig config) {
        this.nodes = nodes;
        this.fetcher = fetcher;
        this.repository = repository;
        this.runner = runner;
        this.config = config;
    }

    @Scheduled(every = "${atlas.worker.poll-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void drain() {
        while (runner.eachConcurrently(STAGE, TokenState.DISCOVERED, config.worker().batchSize(), this::resolve) > 0) {
            // keep going while there is work
        }
    }

    /** Resolves one claimed token; throws {@link StageFailure} with a user-facing reason. */
    void resolve(ClaimedToken token) {
        String tokenUri = readTokenUri(token);
        ResourceUri uri;
        try {
            uri = ResourceUri.parse(tokenUri);
        } catch (IllegalArgumentException e) {
            throw StageFailure.permanent("tokenURI cannot be fetched: " + e.getMessage());
        }
        byte[] json;
        try {
            json = fetcher.fetch(uri, config.media().maxMetadataBytes()).bytes();
        } catch (FetchException e) {
            throw new StageFailure("fetching metadata failed: " + e.getMessage(), e.retryable(), e);
        }
        TokenMetadata metadata;
        try {
            metadata = TokenMetadata.parse(json);
        } catch (IllegalArgumentException e) {
            throw StageFailure.permanent(e.getMessage());
        }
        if (metadata.image() == null) {
            throw StageFailure.permanent("metadata has no image, image_url or image_data field");
        }
        repository.resolve(token, runner.workerId(), tokenUri, metadata);
    }

    private String readTokenUri(ClaimedToken token) {
        var function = Erc721Abi.tokenUri(token.tokenId());
        try {
            String answer = nodes.node(token.chainId()).call(token.address(), function);
            return Erc721Abi.decodeString(function, answer);
        } catch (ChainException e) {
            throw new StageFailure("tokenURI(" + token.tokenId() + ") failed: " + e.getMessage(), e.retryable(), e);
        } catch (IllegalArgumentException e) {
            throw StageFailure.permanent("tokenURI(" + token.tokenId() + ") answer is not a string: " + e.getMessage());
        }
    }
}
