package io.tokenatlas.api;

import io.tokenatlas.api.Dtos.CollectionDto;
import io.tokenatlas.catalog.TokenReadRepository;
import io.tokenatlas.chain.Collection;
import io.tokenatlas.embedding.EmbeddingModel;
import io.tokenatlas.embedding.ReembedRepository;
import io.tokenatlas.layout.LayoutVersions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.Map;

/** A collection as the API shows it: its chain facts with its progress through every stage. */
@ApplicationScoped
public class CollectionViews {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private final TokenReadRepository tokens;
    private final EmbeddingModel model;
    private final ReembedRepository reembedding;
    private final LayoutVersions layouts;

    public CollectionViews(TokenReadRepository tokens, EmbeddingModel model, ReembedRepository reembedding,
            LayoutVersions layouts) {
        this.tokens = tokens;
        this.model = model;
        this.reembedding = reembedding;
        this.layouts = layouts;
    }

    CollectionDto of(Collection c, UriInfo uri) {
        Map<String, Long> counts = new LinkedHashMap<>();
        tokens.countsByState(c.id()).forEach((state, n) -> counts.put(state.name().toLowerCase(), n));
        String url = uri.getBaseUriBuilder().path("api/v1/collections/{id}").build(c.id()).toString();
        var serving = model.servingFor(c.id());
        Dtos.ModelSwitchDto switching = null;
        if (serving.id() != model.identity().id()) {
            long[] progress = reembedding.progress(c.id(), model.identity().id());
            switching = new Dtos.ModelSwitchDto(model.identity().name(), progress[0], progress[1]);
        }
        Dtos.LayoutSummaryDto layout = layouts.current(c.id())
                .map(v -> new Dtos.LayoutSummaryDto(v.version(), v.revision(), v.tokenCount(), v.createdAt().toString()))
                .orElse(new Dtos.LayoutSummaryDto(0, 0, 0, null));
        return new CollectionDto(c.id(), c.chainId(), c.address(), CaipIds.account(c.chainId(), c.address()), c.standard(),
                c.name(), c.symbol(), c.status().name(), c.error(),
                c.fromBlock(), c.fromBlockSource(), c.cursorBlock(), c.headBlock(), c.enumerable(), c.erc4906(),
                c.supplyCheck(), c.recognisedBy(), contract(c), counts, serving.name(), switching, layout, url);
    }

    private static Dtos.ContractDto contract(io.tokenatlas.chain.Collection c) {
        if (c.contractUri() == null && c.contractMetadataError() == null) {
            return null;
        }
        Object metadata = null;
        if (c.contractMetadata() != null) {
            try {
                metadata = JSON.readTree(c.contractMetadata());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                metadata = null; // written by the daemon as JSON: cannot happen
            }
        }
        return new Dtos.ContractDto(c.contractUri(), metadata, c.contractMetadataError());
    }
}
