package io.tokenatlas.metadata;

import io.quarkus.scheduler.Scheduled;
import io.tokenatlas.chain.BlockHeader;
import io.tokenatlas.chain.ChainException;
import io.tokenatlas.chain.ChainNode;
import io.tokenatlas.chain.ChainNodes;
import io.tokenatlas.chain.Erc1155Abi;
import io.tokenatlas.chain.Erc721Abi;
import io.tokenatlas.config.AtlasConfig;
import io.tokenatlas.fetch.FetchException;
import io.tokenatlas.fetch.Fetched;
import io.tokenatlas.fetch.Fetcher;
import io.tokenatlas.fetch.ResourceUri;
import io.tokenatlas.token.ClaimedToken;
import io.tokenatlas.token.GroupCommit;
import io.tokenatlas.token.StageFailure;
import io.tokenatlas.token.StageRunner;
import io.tokenatlas.token.TokenState;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** DISCOVERED -> METADATA_RESOLVED: reads tokenURI on chain, fetches and parses the metadata JSON. */
@ApplicationScoped
public class MetadataStage {
    static final String STAGE = "metadata";

    private final ChainNodes nodes;
    private final Fetcher fetcher;
    private final MetadataRepository repository;
    private final StageRunner runner;
    private final AtlasConfig config;
    private final GroupCommit<MetadataRepository.Resolution> writes;

    public MetadataStage(ChainNodes nodes, Fetcher fetcher, MetadataRepository repository, StageRunner runner,
            AtlasConfig config) {
        this.nodes = nodes;
        this.fetcher = fetcher;
        this.repository = repository;
        this.runner = runner;
        this.config = config;
        // Tokens that finish while a commit is under way are stored together in the next one.
        this.writes = new GroupCommit<>(repository::resolveAll, config.worker().inFlight());
    }

    @Scheduled(every = "${atlas.worker.poll-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void drain() {
        if (!config.worker().enabled()) {
            return;
        }
        runner.keepBusy(STAGE, TokenState.DISCOVERED, config.worker().inFlight(), TokenState.METADATA_RESOLVED, claimed -> {
            Map<ClaimedToken, UriAnswer> uris = readTokenUris(claimed);
            return token -> resolve(token, uris.get(token));
        });
    }

    /** A token's tokenURI answer and the block it was read at (null when the block could not be read). */
    record UriAnswer(ChainNode.CallOutcome outcome, BlockHeader block) {}

    /**
     * tokenURI of each claimed token, in JSON-RPC batches per contract, all read at the chain's
     * latest block as it was first asked, so that each answer can name the block it holds at.
     */
    private Map<ClaimedToken, UriAnswer> readTokenUris(List<ClaimedToken> claimed) {
        Map<ClaimedToken, UriAnswer> outcomes = new HashMap<>();
        Map<String, List<ClaimedToken>> byContract = new LinkedHashMap<>();
        claimed.forEach(t -> byContract.computeIfAbsent(t.chainId() + "/" + t.address(), k -> new ArrayList<>()).add(t));
        Map<Long, BlockHeader> heads = new HashMap<>();
        for (List<ClaimedToken> tokens : byContract.values()) {
            ClaimedToken first = tokens.getFirst();
            try {
                ChainNode node = nodes.node(first.chainId());
                BlockHeader at = heads.get(first.chainId());
                if (at == null) {
                    at = node.latestBlock();
                    heads.put(first.chainId(), at);
                }
                List<ChainNode.CallOutcome> answers = node.callBatch(first.address(),
                        tokens.stream().map(MetadataStage::uriCall).toList(),
                        nodes.chain(first.chainId()).batchSize(), at.number());
                for (int i = 0; i < tokens.size(); i++) {
                    outcomes.put(tokens.get(i), new UriAnswer(answers.get(i), at));
                }
            } catch (ChainException e) {
                tokens.forEach(t -> outcomes.put(t, new UriAnswer(new ChainNode.CallOutcome(null, e), null)));
            }
        }
        return outcomes;
    }

    /** tokenURI(id), or an ERC-1155's uri(id). */
    static org.web3j.abi.datatypes.Function uriCall(ClaimedToken token) {
        return token.multiToken() ? Erc1155Abi.uri(token.tokenId()) : Erc721Abi.tokenUri(token.tokenId());
    }

    /** Resolves one claimed token; throws {@link StageFailure} with a user-facing reason. */
    void resolve(ClaimedToken token, UriAnswer uriAnswer) {
        String tokenUri = tokenUri(token, uriAnswer.outcome());
        ResourceUri uri;
        try {
            uri = ResourceUri.parse(tokenUri, token.tokenId());
        } catch (IllegalArgumentException e) {
            throw StageFailure.permanent(StageFailure.INVALID_URI, "tokenURI cannot be fetched: " + e.getMessage());
        }
        Fetched fetched;
        try {
            fetched = fetcher.fetch(uri, config.media().maxMetadataBytes());
        } catch (FetchException e) {
            throw e.during("fetching metadata failed");
        }
        TokenMetadata metadata;
        try {
            metadata = TokenMetadata.parse(fetched.bytes());
        } catch (IllegalArgumentException e) {
            throw StageFailure.permanent(StageFailure.INVALID_JSON, e.getMessage());
        }
        if (metadata.image() == null) {
            throw StageFailure.permanent(StageFailure.NO_IMAGE, "metadata has no image, image_url, image_data or animation_url field");
        }
        writes.write(new MetadataRepository.Resolution(token, runner.workerId(), tokenUri, metadata,
                new MetadataSource(uriAnswer.block(), fetched.sha256(), fetched.verified(),
                        config.ipfs().keepBlocks() ? fetched.car() : null)));
    }

    private static String tokenUri(ClaimedToken token, ChainNode.CallOutcome answer) {
        if (answer.failure() != null) {
            ChainException e = answer.failure();
            String code = e instanceof io.tokenatlas.chain.CallRevertedException ? StageFailure.TOKEN_URI_REVERTED
                    : StageFailure.CHAIN_UNAVAILABLE;
            throw new StageFailure(code, uriCall(token).getName() + "(" + token.tokenId() + ") failed: " + e.getMessage(),
                    e.retryable(), e);
        }
        try {
            return Erc721Abi.decodeString(uriCall(token), answer.value());
        } catch (IllegalArgumentException e) {
            throw StageFailure.permanent(StageFailure.TOKEN_URI_INVALID, uriCall(token).getName() + "(" + token.tokenId()
                    + ") answer is not a string: " + e.getMessage());
        }
    }
}
