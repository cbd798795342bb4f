package io.tokenatlas.fetch;

import io.micrometer.core.instrument.MeterRegistry;
import io.tokenatlas.config.AtlasConfig;
import io.tokenatlas.config.IpfsConfig;
import io.tokenatlas.config.MediaConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import org.jboss.logging.Logger;

/**
 * IPFS content through the configured gateways, verified: each gateway is asked for a CAR of the
 * CID and path, every block is checked against its CID and the file is rebuilt from the verified
 * blocks. Gateways are tried best score first, with a hedged request to the next one when the
 * first is slow; a gateway that sends bytes not matching the CID is passed over and marked down.
 * The verified blocks are kept on disk (a CAR by CID and path), and concurrent requests for the same content
 * share one fetch. With verification {@code fallback}, content no gateway can prove (no CAR
 * support) comes from the path gateway, marked unverified.
 */
@ApplicationScoped
public class IpfsClient {
    private static final Logger LOG = Logger.getLogger(IpfsClient.class);
    static final String CAR = "application/vnd.ipld.car";
    /** Cache keys of verified CARs (older caches kept the files under the bare key; those are never read). */
    private static final String CACHED_CAR = "car ";

    private final IpfsConfig config;
    private final GuardedHttp http;
    private final GatewayHealth health;
    private final ContentCache cache;
    private final MeterRegistry meters;
    private final Map<String, CompletableFuture<Fetched>> inFlight = new ConcurrentHashMap<>();
    private final Hedging hedging;

    public IpfsClient(AtlasConfig config, MeterRegistry meters) {
        this.config = config.ipfs();
        this.meters = meters;
        List<String> gateways = gateways(config.ipfs());
        this.health = new GatewayHealth(gateways);
        this.hedging = new Hedging(this.config.hedgeDelay(), () -> meters.counter("atlas.ipfs.hedged").increment());
        MediaConfig media = config.media();
        this.http = GuardedHttp.of(media, gateways, this.config.tryTimeout());
        this.cache = new ContentCache(Path.of(this.config.cacheDir().orElse(
                System.getProperty("java.io.tmpdir") + "/token-atlas-ipfs-cache")), this.config.cacheMaxBytes());
        for (String gateway : gateways) {
            meters.gauge("atlas.ipfs.gateway.score", List.of(io.micrometer.core.instrument.Tag.of("gateway", gateway)),
                    health, h -> h.score(gateway));
        }
    }

    static List<String> gateways(IpfsConfig config) {
        return config.gateways().stream().map(g -> g.replaceAll("/+$", "")).toList();
    }

    /** Each gateway's health score and counts. */
    public List<GatewayHealth.Score> scores() {
        return health.scores();
    }

    /** The content of {@code ipfs://cid/path}, at most {@code maxBytes}. */
    public Fetched fetch(ResourceUri.Ipfs ipfs, long maxBytes) {
        Cid cid;
        try {
            cid = Cid.parse(ipfs.cid());
        } catch (IllegalArgumentException e) {
            throw new FetchException(FetchException.INVALID_URI, "ipfs://" + ipfs.cid() + " is not a valid CID: "
                    + e.getMessage(), false, e);
        }
        if (cid.hashFunction() == Cid.IDENTITY) {
            Fetched inline = inline(cid, ipfs.path(), maxBytes);
            if (inline != null) {
                return inline;
            }
        }
        String key = VerifiedCar.entity(cid, ipfs.path());
        Fetched cached = cached(key, cid, ipfs.path(), maxBytes);
        if (cached != null) {
            meters.counter("atlas.ipfs.cache", "outcome", "hit").increment();
            return cached;
        }
        // Fetches share by limit too: a metadata-sized fetch failing too_large must not fail an image-sized one.
        String flightKey = key + " " + maxBytes;
        CompletableFuture<Fetched> mine = new CompletableFuture<>();
        CompletableFuture<Fetched> shared = inFlight.putIfAbsent(flightKey, mine);
        if (shared != null) {
            meters.counter("atlas.ipfs.cache", "outcome", "shared").increment();
            try {
                return shared.get(joinTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof FetchException fe ? fe
                        : new FetchException(FetchException.UNREACHABLE, "ipfs://" + cid + ipfs.path() + " failed", true, e);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new FetchException(FetchException.TIMEOUT, "ipfs://" + cid + ipfs.path()
                        + " took longer than " + joinTimeout().toSeconds() + " s (waiting on a fetch of the same content)",
                        true, null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FetchException(FetchException.TIMEOUT, "interrupted while fetching from IPFS", true, e);
            }
        }
        meters.counter("atlas.ipfs.cache", "outcome", "miss").increment();
        try {
            Fetched fetched = fetchFromGateways(cid, ipfs.path(), maxBytes);
            if (fetched.car() != null) {
                cache.put(CACHED_CAR + key, fetched.car().bytes());
            }
            mine.complete(fetched);
            return fetched;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(flightKey, mine);
        }
    }

    /**
     * Content from the disk cache, which keeps the verified blocks (a CAR) rather than the file, so a
     * hit is verified again and still carries the blocks its provenance hands on. Null on a miss or
     * a cache file that no longer verifies.
     */
    private Fetched cached(String key, Cid cid, String path, long maxBytes) {
        byte[] car = cache.get(CACHED_CAR + key);
        if (car == null) {
            return null;
        }
        try {
            byte[] bytes = UnixFsFile.read(CarArchive.read(car), cid, path, maxBytes);
            return new Fetched(bytes, null, "ipfs cache", true, new VerifiedCar(key, car));
        } catch (UnixFsFile.OverBudget e) {
            throw new FetchException(FetchException.TOO_LARGE, "ipfs://" + cid + path + ": " + e.getMessage(), false, e);
        } catch (IllegalArgumentException e) {
            LOG.warnf("the cached blocks of ipfs://%s%s no longer verify (%s); fetching them again", cid, path, e.getMessage());
            return null;
        }
    }

    /** Longest a fetch waits for another one of the same content: every gateway tried in turn, and then some. */
    private Duration joinTimeout() {
        return config.tryTimeout().multipliedBy(health.ordered().size() + 1L);
    }

    /**
     * Content whose CID carries it (an identity multihash): decoded from the CID itself, never
     * asked of a gateway. Null when the path leads to blocks the CID does not carry.
     */
    private Fetched inline(Cid cid, String path, long maxBytes) {
        try {
            byte[] bytes = cid.codec() == Cid.RAW && path.isEmpty() ? cid.digest()
                    : UnixFsFile.read(CarArchive.empty(), cid, path, maxBytes);
            if (bytes.length > maxBytes) {
                throw new UnixFsFile.OverBudget("the file is over the limit of " + maxBytes + " bytes");
            }
            return new Fetched(bytes, null, "the CID itself", true);
        } catch (UnixFsFile.OverBudget e) {
            throw new FetchException(FetchException.TOO_LARGE, "ipfs://" + cid + path + ": " + e.getMessage(), false, e);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().contains("is missing from the CAR")) {
                return null;
            }
            throw new FetchException(FetchException.NOT_VERIFIABLE, "ipfs://" + cid + path + " is an identity CID that does"
                    + " not decode: " + e.getMessage(), false, e);
        }
    }

    private Fetched fetchFromGateways(Cid cid, String path, long maxBytes) {
        List<String> ordered = health.ordered();
        Hedging.Failures failures = new Hedging.Failures();
        Fetched verified = hedging.first(ordered, (gateway, calls) -> timed(gateway, () -> verifiedFrom(gateway, cid, path, maxBytes, calls)),
                failures);
        if (verified != null) {
            return verified;
        }
        if (config.verification() == IpfsConfig.Verification.FALLBACK) {
            for (String gateway : ordered) {
                if (failures.liars.contains(gateway)) {
                    continue;
                }
                try {
                    Fetched plain = timed(gateway, () -> {
                        Fetched f = http.get(gateway + "/ipfs/" + cid + path, maxBytes, "*/*");
                        return new Fetched(f.bytes(), f.mediaType(), f.source(), false);
                    });
                    LOG.debugf("ipfs://%s%s came unverified from %s", cid, path, gateway);
                    return plain;
                } catch (FetchException e) {
                    failures.add(gateway, e);
                }
            }
        }
        if (!failures.liars.isEmpty()) {
            throw new FetchException(FetchException.CID_MISMATCH, "ipfs://" + cid + path
                    + ": no gateway sent bytes that hash to the CID: " + failures.messages(), true, null);
        }
        FetchException first = failures.errors.isEmpty() ? null : failures.errors.getFirst();
        boolean retryable = first == null || failures.errors.stream().anyMatch(FetchException::retryable);
        throw new FetchException(first == null ? FetchException.UNREACHABLE : first.code(), "ipfs://" + cid + path
                + " could not be fetched from any gateway: " + failures.messages(), retryable, null);
    }

    /** One verified attempt: a CAR of cid/path, every block checked, the file rebuilt from them. */
    private Fetched verifiedFrom(String gateway, Cid cid, String path, long maxBytes, List<Call> calls) {
        Fetched car = http.get(gateway + "/ipfs/" + cid + path + "?format=car&dag-scope=entity",
                maxBytes + maxBytes / 8 + 65536, CAR, calls::add);
        if (car.mediaType() == null || !car.mediaType().startsWith(CAR)) {
            throw new FetchException(FetchException.NOT_VERIFIABLE, gateway + " answered the CAR request with "
                    + car.mediaType() + ", which cannot be verified", true, null);
        }
        try {
            CarArchive archive = CarArchive.read(car.bytes());
            byte[] bytes = UnixFsFile.read(archive, cid, path, maxBytes);
            // Only the blocks the file was rebuilt from are kept, under the CID that was asked for.
            byte[] kept = CarArchive.write(List.of(cid), List.of(archive.visited()));
            return new Fetched(bytes, null, car.source(), true, new VerifiedCar(VerifiedCar.entity(cid, path), kept));
        } catch (CidMismatchException e) {
            throw new FetchException(FetchException.CID_MISMATCH, gateway + " sent bytes that do not match: "
                    + e.getMessage(), true, e);
        } catch (UnixFsFile.OverBudget e) {
            throw new FetchException(FetchException.TOO_LARGE, "ipfs://" + cid + path + ": " + e.getMessage(), false, e);
        } catch (IllegalArgumentException e) {
            throw new FetchException(FetchException.NOT_VERIFIABLE,
                    gateway + "'s CAR for " + cid + path + " cannot be verified: " + e.getMessage(), true, e);
        }
    }

    private Fetched timed(String gateway, java.util.function.Supplier<Fetched> fetch) {
        long start = System.nanoTime();
        try {
            Fetched f = fetch.get();
            health.ok(gateway, (System.nanoTime() - start) / 1_000_000);
            count(gateway, f.verified() ? "ok" : "unverified");
            return f;
        } catch (FetchException e) {
            if (e.code().equals(FetchException.CID_MISMATCH)) {
                health.mismatched(gateway);
                count(gateway, "mismatch");
            } else if (e.code().equals(FetchException.NOT_VERIFIABLE)) {
                count(gateway, "unverifiable");
            } else {
                health.failed(gateway);
                count(gateway, e.retryable() ? "unavailable" : "refused");
            }
            throw e;
        }
    }

    /** IPFS gateway requests by outcome: ok, unverified, mismatch, unverifiable, unavailable, refused. */
    private void count(String gateway, String outcome) {
        meters.counter("atlas.ipfs.requests", "gateway", gateway, "outcome", outcome).increment();
    }

    @PreDestroy
    void close() {
        hedging.close();
    }
}
