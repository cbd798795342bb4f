package io.tokenatlas.api;

import io.tokenatlas.catalog.TokenReadRepository;
import io.tokenatlas.catalog.TokenView;
import io.tokenatlas.chain.Collection;
import io.tokenatlas.chain.CollectionRepository;
import jakarta.ws.rs.NotFoundException;

/** What a request names that must exist: a registered collection, a known token of it (else 404). */
final class Lookups {
    private Lookups() {}

    static Collection collection(CollectionRepository collections, long id) {
        return collections.byId(id).orElseThrow(() -> new NotFoundException("collection " + id + " is not registered"));
    }

    static TokenView token(CollectionRepository collections, TokenReadRepository tokens, long id, String tokenId) {
        return token(collection(collections, id), tokens, tokenId);
    }

    static TokenView token(Collection collection, TokenReadRepository tokens, String tokenId) {
        return tokens.find(collection.id(), QueryValues.tokenId(tokenId)).orElseThrow(() ->
                new NotFoundException("token " + tokenId + " of collection " + collection.id() + " is not known (yet)"));
    }
}
