package io.tokenatlas.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.scheduler.Scheduled;
import io.tokenatlas.chain.CallRevertedException;
import io.tokenatlas.chain.ChainException;
import io.tokenatlas.chain.ChainNodes;
import io.tokenatlas.chain.Erc721Abi;
import io.tokenatlas.config.AtlasConfig;
import io.tokenatlas.fetch.FetchException;
import io.tokenatlas.fetch.Fetcher;
import io.tokenatlas.fetch.ResourceUri;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Reads each collection's ERC-7572 contract-level metadata (how it presents itself: name,
 * description, image, banner) when it is registered and after each ContractURIUpdated event:
 * {@code contractURI()}, then the JSON it points at (any URI a tokenURI may be, with the same
 * limits). A contract without contractURI() has none, which is no error; a failure is recorded
 * on the collection, and one that may pass (a node or host down) is tried again with a growing delay.
 */
@ApplicationScoped
public class ContractMetadataReader {
    private static final Logger LOG = Logger.getLogger(ContractMetadataReader.class);
    /** The fields kept, as ERC-7572 and marketplaces name them. */
    static final List<String> FIELDS = List.of("name", "symbol", "description", "image", "banner_image",
            "featured_image", "external_link");
    static final int MAX_FIELD = 4000;
    private static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    private static final Duration LAST_RETRY = Duration.ofHours(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChainNodes nodes;
    private final Fetcher fetcher;
    private final ContractMetadataRepository repository;
    private final long maxBytes;
    private final Map<Long, Instant> retryAt = new ConcurrentHashMap<>();
    private final Map<Long, Integer> failures = new ConcurrentHashMap<>();

    public ContractMetadataReader(ChainNodes nodes, Fetcher fetcher, ContractMetadataRepository repository,
            AtlasConfig config) {
        this.nodes = nodes;
        this.fetcher = fetcher;
        this.repository = repository;
        this.maxBytes = config.media().maxMetadataBytes();
    }

    @Scheduled(every = "5s", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void upkeep() {
        Instant now = Instant.now();
        for (ContractMetadataRepository.Due due : repository.due(20)) {
            if (retryAt.getOrDefault(due.id(), Instant.MIN).isAfter(now)) {
                continue;
            }
            try {
                read(due);
            } catch (RuntimeException e) {
                LOG.warnf("reading the contract metadata of collection %d failed: %s", due.id(), e.getMessage());
                later(due.id());
            }
        }
    }

    /** Reads one collection's contract metadata and records the outcome. */
    void read(ContractMetadataRepository.Due due) {
        var function = Erc721Abi.contractUri();
        String uri;
        try {
            uri = Erc721Abi.decodeString(function, nodes.node(due.chainId()).call(due.address(), function));
        } catch (CallRevertedException | IllegalArgumentException e) {
            done(due.id(), null, null, null); // no contractURI(): nothing to show, nothing wrong
            return;
        } catch (ChainException e) {
            record(due.id(), null, "contractURI() could not be read: " + e.getMessage(), true);
            return;
        }
        if (uri == null || uri.isBlank()) {
            done(due.id(), null, null, null);
            return;
        }
        String shown = uri.length() > MAX_FIELD ? uri.substring(0, MAX_FIELD) : uri;
        byte[] bytes;
        try {
            bytes = fetcher.fetch(ResourceUri.parse(uri), maxBytes).bytes();
        } catch (IllegalArgumentException e) {
            done(due.id(), shown, null, "contractURI cannot be fetched: " + e.getMessage());
            return;
        } catch (FetchException e) {
            record(due.id(), shown, "fetching the contract metadata failed: " + e.getMessage(), e.retryable());
            return;
        }
        try {
            done(due.id(), shown, kept(bytes), null);
        } catch (IllegalArgumentException e) {
            done(due.id(), shown, null, "the contract metadata is not usable: " + e.getMessage());
        }
    }

    /** The known fields of a JSON object, as bounded NUL-free strings. */
    static String kept(byte[] bytes) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON (" + e.getMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        ObjectNode out = JSON.createObjectNode();
        for (String field : FIELDS) {
            JsonNode value = root.get(field);
            if (value != null && value.isValueNode() && !value.isNull()) {
                String text = value.asText().replace("\u0000", "");
                out.put(field, text.length() > MAX_FIELD ? text.substring(0, MAX_FIELD) : text);
            }
        }
        return out.toString();
    }

    private void done(long id, String uri, String json, String error) {
        retryAt.remove(id);
        failures.remove(id);
        repository.record(id, uri, json, error, false);
    }

    private void record(long id, String uri, String error, boolean again) {
        repository.record(id, uri, null, error, again);
        if (again) {
            later(id);
        } else {
            retryAt.remove(id);
            failures.remove(id);
        }
    }

    private void later(long id) {
        int n = failures.merge(id, 1, Integer::sum);
        Duration delay = FIRST_RETRY.multipliedBy(1L << Math.min(n - 1, 10));
        retryAt.put(id, Instant.now().plus(delay.compareTo(LAST_RETRY) > 0 ? LAST_RETRY : delay));
    }
}
