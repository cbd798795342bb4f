package io.tokenatlas.watch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenatlas.chain.Collection;
import io.tokenatlas.chain.CollectionRepository;
import io.tokenatlas.embedding.EmbeddingModel;
import io.tokenatlas.media.MediaRepository;
import io.tokenatlas.media.PictureMatch;
import io.tokenatlas.vector.DuplicateFinder;
import io.tokenatlas.vector.DuplicateRepository;
import io.tokenatlas.vector.DuplicateRepository.HashedToken;
import io.tokenatlas.watch.WatchMatchRepository.Found;
import io.tokenatlas.watch.WatchMatchRepository.NewToken;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Decides which new tokens copy a watched one, by the rule near-duplicate search uses: the hashes
 * within the watch's distance allowing flips, turns and a crop, the structures matching (at least
 * {@link DuplicateFinder#MIN_STRUCTURE}) and the vectors of the copy's model at least the watch's
 * similarity. A copy matches the watched token whose structure it matches best; tokens of the
 * watched collection itself are never its copies.
 */
@ApplicationScoped
public class CopyJudge {
    /** Candidates per new token and watch whose structures are compared. */
    static final int CANDIDATES = 16;
    /** How long a watched collection's hashes are reused before they are read again. */
    static final long WATCHED_TTL_NANOS = 5_000_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WatchMatchRepository watches;
    private final MediaRepository media;
    private final DuplicateRepository vectors;
    private final EmbeddingModel model;
    private final CollectionRepository collections;
    private final Map<Long, Watched> watchedCache = new ConcurrentHashMap<>();

    public CopyJudge(WatchMatchRepository watches, MediaRepository media, DuplicateRepository vectors, EmbeddingModel model,
            CollectionRepository collections) {
        this.watches = watches;
        this.media = media;
        this.vectors = vectors;
        this.model = model;
        this.collections = collections;
    }

    private record Watched(List<HashedToken> tokens, long readAt) {}

    /** A watched token one new token may copy, with its distance and (once measured) structure match. */
    private record Pair(Watch watch, HashedToken copy, HashedToken original, int distance, double structure) {}

    /** The matches among {@code tokens} for {@code all} the watches. */
    public List<Found> compare(List<Watch> all, List<NewToken> tokens) {
        Map<String, Long> seqOf = new HashMap<>();
        tokens.forEach(t -> seqOf.merge(t.collectionId() + "/" + t.tokenId(), t.seq(), Math::max));
        List<HashedToken> fresh = watches.hashed(tokens.stream().map(NewToken::collectionId).toList(),
                tokens.stream().map(NewToken::tokenId).toList());
        List<Pair> pairs = new ArrayList<>();
        for (HashedToken copy : fresh) {
            long seq = seqOf.getOrDefault(copy.collectionId() + "/" + copy.tokenId(), 0L);
            for (Watch w : all) {
                if (w.collectionId() != copy.collectionId() && seq > w.fromSeq()) {
                    for (CopyCandidates.Candidate c : CopyCandidates.of(copy, watched(w), w.maxDistance(), CANDIDATES)) {
                        pairs.add(new Pair(w, copy, c.original(), c.distance(), Double.NaN));
                    }
                }
            }
        }
        watchedCache.keySet().retainAll(all.stream().map(Watch::id).toList());
        return pairs.isEmpty() ? List.of() : best(alike(pairs));
    }

    private List<HashedToken> watched(Watch w) {
        Watched cached = watchedCache.get(w.id());
        if (cached == null || System.nanoTime() - cached.readAt() > WATCHED_TTL_NANOS) {
            cached = new Watched(watches.watched(w), System.nanoTime());
            watchedCache.put(w.id(), cached);
        }
        return cached.tokens();
    }

    /** The pairs whose structures match and whose vectors (the copy's serving model) are similar enough, with their scores. */
    private List<Scored> alike(List<Pair> pairs) {
        Set<String> images = new HashSet<>();
        pairs.forEach(p -> {
            images.add(p.copy().mediaSha256());
            images.add(p.original().mediaSha256());
        });
        Map<String, byte[]> greys = media.greys(images);
        Map<Integer, List<Pair>> byModel = new HashMap<>();
        for (Pair p : pairs) {
            byte[] a = greys.get(p.original().mediaSha256());
            byte[] b = greys.get(p.copy().mediaSha256());
            double structure = a == null || b == null ? Double.NaN : PictureMatch.similarity(a, b);
            if (structure >= DuplicateFinder.MIN_STRUCTURE) {
                byModel.computeIfAbsent(model.servingFor(p.copy().collectionId()).id(), k -> new ArrayList<>())
                        .add(new Pair(p.watch(), p.copy(), p.original(), p.distance(), structure));
            }
        }
        List<Scored> out = new ArrayList<>();
        byModel.forEach((modelId, list) -> {
            double[] similarity = vectors.similarities(list.stream()
                    .map(p -> new HashedToken[] {p.original(), p.copy()}).toList(), modelId);
            for (int i = 0; i < list.size(); i++) {
                if (similarity[i] >= list.get(i).watch().minSimilarity()) {
                    out.add(new Scored(list.get(i), similarity[i]));
                }
            }
        });
        return out;
    }

    private record Scored(Pair pair, double similarity) {}

    /** One match per watch and copy: the original whose structure it matches best, then the most similar. */
    private List<Found> best(List<Scored> scored) {
        Map<String, Scored> best = new HashMap<>();
        for (Scored s : scored) {
            String key = s.pair().watch().id() + "/" + s.pair().copy().collectionId() + "/" + s.pair().copy().tokenId();
            best.merge(key, s, (a, b) -> a.pair().structure() > b.pair().structure()
                    || a.pair().structure() == b.pair().structure() && a.similarity() >= b.similarity() ? a : b);
        }
        List<Found> out = new ArrayList<>();
        // A scan's matches come from few collections: each is read once.
        Map<Long, Optional<Collection>> known = new HashMap<>();
        Function<Long, Collection> collection = id -> known.computeIfAbsent(id, collections::byId).orElse(null);
        for (Scored s : best.values()) {
            Pair p = s.pair();
            out.add(new Found(p.watch().id(), p.copy().collectionId(), p.copy().tokenId(), p.original().tokenId(),
                    evidence(p, s.similarity(), collection.apply(p.copy().collectionId()),
                            collection.apply(p.original().collectionId()))));
        }
        return out;
    }

    private static String evidence(Pair p, double similarity, Collection copyOf, Collection originalOf) {
        ObjectNode e = JSON.createObjectNode();
        e.set("copy", side(p.copy(), copyOf));
        e.set("original", side(p.original(), originalOf));
        e.put("similarity", Math.round(similarity * 10_000) / 10_000.0);
        e.put("structure", Math.round(p.structure() * 10_000) / 10_000.0);
        e.put("hashDistance", p.distance());
        e.put("sameImage", p.copy().mediaSha256().equals(p.original().mediaSha256()));
        if (copyOf != null && originalOf != null && copyOf.chainId() == originalOf.chainId()) {
            e.put("originalMintedFirst", p.original().mintedBlock() < p.copy().mintedBlock());
        }
        return e.toString();
    }

    private static ObjectNode side(HashedToken t, Collection c) {
        ObjectNode n = JSON.createObjectNode();
        n.put("collection", t.collectionId());
        n.put("tokenId", t.tokenId().toString());
        if (c != null) {
            n.put("chainId", c.chainId());
            n.put("address", c.address());
        }
        n.put("mintedBlock", t.mintedBlock());
        n.put("name", t.name());
        n.put("imageSha256", t.mediaSha256());
        return n;
    }
}
