package io.tokenatlas.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Every setting of the daemon, under the prefix {@code atlas}. */
@ConfigMapping(prefix = "atlas")
public interface AtlasConfig {

    /** The chains the daemon may index, keyed by chain id (e.g. {@code atlas.chains."1".rpc-urls}). */
    Map<String, Chain> chains();

    /** IPFS gateways. */
    Ipfs ipfs();

    /** The Arweave gateway ar:// URIs are fetched through. */
    Arweave arweave();

    /** Fetching and decoding images and metadata. */
    Media media();

    /** The embedding model. */
    Embedding embedding();

    /** The pipeline workers. */
    Worker worker();

    /** The 2-D map of each collection: UMAP, grid, clusters, and when they are recomputed. */
    Layout layout();

    /** The HTTP API: keys, rate limits, search limits. */
    Api api();

    interface Chain {
        /** JSON-RPC HTTP URLs of the chain's nodes, used in order: a failing one hands over to the next. */
        List<String> rpcUrls();

        /** WebSocket URL for newHeads notifications; without it (or while it is down) the head is polled. */
        Optional<String> wsUrl();

        /** Blocks a block must be behind the head before its logs are applied (with finality latest). */
        @WithDefault("0")
        int confirmations();

        /** Which head counts: latest (minus confirmations), or the node's safe or finalized block. */
        @WithDefault("latest")
        Finality finality();

        /** Largest block window of one eth_getLogs call; windows shrink on provider limits and grow back. */
        @WithDefault("2000")
        int logWindow();

        /** How often the head is read (when no WebSocket notifies new heads). */
        @WithDefault("2s")
        Duration pollInterval();

        /** Timeout of one JSON-RPC call. */
        @WithDefault("20s")
        Duration timeout();

        /** Most JSON-RPC requests a second sent to this chain (a batch counts each request); 0 = no limit. */
        @WithDefault("0")
        double requestsPerSecond();

        /** tokenURI calls sent in one JSON-RPC batch. */
        @WithDefault("50")
        int batchSize();

        /** Largest RPC answer read (a node, or whatever answers at its URL, that sends more fails the call). */
        @WithDefault("67108864")
        long maxResponseBytes();

        /** Where a backfill starts when the deployment block cannot be found (the node serves no history). */
        @WithDefault("0")
        long startBlock();
    }

    /** Which block tag decides that a block counts. */
    enum Finality {
        LATEST, SAFE, FINALIZED
    }

    interface Ipfs {
        /**
         * Gateways (base URLs) that ipfs:// URIs are fetched through, best health first; by default
         * two public ones that answer trustless (CAR) requests, so content is verified out of the box.
         */
        @WithDefault("https://trustless-gateway.link,https://ipfs.io")
        List<String> gateways();

        /** Timeout of one gateway try (a CAR or a file), connect to last byte. */
        @WithDefault("30s")
        Duration tryTimeout();

        /** When the gateway being tried has not answered after this long, the next one is asked too (0 = never). */
        @WithDefault("2s")
        Duration hedgeDelay();

        /**
         * required: only content whose every block was checked against its CID is used;
         * fallback: content no gateway can prove comes from a plain path fetch, marked unverified.
         */
        @WithDefault("fallback")
        Verification verification();

        /** Folder of the on-disk cache of verified IPFS content (default: a folder in java.io.tmpdir). */
        Optional<String> cacheDir();

        /** Largest size of the cache folder, in bytes; the least recently used content goes first. */
        @WithDefault("1073741824")
        long cacheMaxBytes();
    }

    /** Whether IPFS content must be verified against its CID. */
    enum Verification {
        REQUIRED, FALLBACK
    }

    interface Arweave {
        /** Base URL of the Arweave gateway: ar://<tx>/<path> becomes <gateway>/<tx>/<path>. */
        @WithDefault("https://arweave.net")
        String gateway();
    }

    interface Media {
        /** Largest image a token may have, in bytes. */
        @WithDefault("20971520")
        long maxImageBytes();

        /** Largest metadata JSON, in bytes. */
        @WithDefault("1048576")
        long maxMetadataBytes();

        /** Largest image in pixels (width x height), read from the header before decoding. */
        @WithDefault("40000000")
        long maxPixels();

        /** Connect timeout of one fetch. */
        @WithDefault("10s")
        Duration connectTimeout();

        /** Longest wait for the next bytes of a response. */
        @WithDefault("20s")
        Duration readTimeout();

        /** Timeout of a whole fetch, connect to last byte (a server that trickles bytes ends here). */
        @WithDefault("60s")
        Duration callTimeout();

        /**
         * Longest side of the stored thumbnail, in pixels. The embedding stage reads it, so it should
         * not be smaller than the model's input size.
         */
        @WithDefault("256")
        int thumbnailSize();

        /** Side of the square an SVG is rasterised into (its aspect ratio kept), in pixels. */
        @WithDefault("512")
        int svgSize();

        /**
         * Addresses and CIDR ranges that fetches may reach although they are loopback, private or
         * link-local, on any port (a configured IPFS or Arweave gateway's own address and port is
         * allowed for the requests made to that gateway, and only for those).
         */
        Optional<List<String>> allowAddresses();

        /**
         * Fetches in flight to one host (scheme, host, port) per process: a slow or trickling host
         * holds at most this many slots; further tokens of it wait their turn in the queue.
         */
        @WithDefault("8")
        int perHostFetches();

        /** Ports that fetches may use on public hosts (the allow list's addresses may use any). */
        @WithDefault("80,443,8080,8443")
        Set<Integer> allowPorts();

        /** Colour (six hex digits, RGB) that transparent pixels are composited on. */
        @WithDefault("ffffff")
        @WithConverter(Rgb.FromHex.class)
        Rgb background();
    }

    interface Embedding {
        /** Path of the ONNX model file; or give model-url and model-sha256. */
        Optional<String> modelPath();

        /** URL the model is downloaded from once, into model-cache-dir (model-sha256 is then required). */
        Optional<String> modelUrl();

        /** sha256 of the model file: a download (or a file at model-path) that does not match is refused. */
        Optional<String> modelSha256();

        /** Folder downloaded models are kept in, by sha256 (default: a folder in java.io.tmpdir). */
        Optional<String> modelCacheDir();

        /** Name recorded with every vector (with the file's sha256). */
        @WithDefault("mobilenetv2-imagenet")
        String modelName();

        /** Name of the model's image input. */
        @WithDefault("input")
        String inputName();

        /** Name of the model's embedding output. */
        @WithDefault("embedding")
        String outputName();

        /** Length of the embedding; checked against the model when it loads. */
        @WithDefault("1280")
        int dimension();

        /** Side of the square input image, in pixels. */
        @WithDefault("224")
        int imageSize();

        /** Order of the input tensor: nchw (planes) or nhwc (interleaved). */
        @WithDefault("nchw")
        TensorLayout layout();

        /** crop: resize the shorter side and cut out the centre; letterbox: fit the whole picture on the background. */
        @WithDefault("crop")
        Resize resize();

        /** Per-channel mean (RGB, on the 0-255 scale) subtracted from each pixel (when scale is not set). */
        @WithDefault("127.5,127.5,127.5")
        List<Float> mean();

        /** Per-channel divisor (RGB, on the 0-255 scale) applied after the mean (when scale is not set). */
        @WithDefault("127.5,127.5,127.5")
        List<Float> std();

        /** Instead of mean/std: per-channel factors (RGB), value = pixel (0-255) * scale + offset. */
        Optional<List<Float>> scale();

        /** The offsets that go with scale (RGB); zero when not set. */
        Optional<List<Float>> offset();

        /** Name of an output of class scores (e.g. ImageNet probabilities), stored as tags; none by default. */
        Optional<String> labelOutput();

        /** File of class names, one a line in the label output's order (needed with label-output). */
        Optional<String> labelsPath();

        /** Tags kept per token from the label output, best first. */
        @WithDefault("5")
        int topLabels();

        /** Smallest score a label needs to become a tag. */
        @WithDefault("0.05")
        float minLabelScore();

        /**
         * Weight of the colour descriptor (a CIELAB histogram of the non-background pixels) in the
         * stored vector, beside 1 - weight for the model's embedding: 0 stores the embedding alone.
         * The default comes from HybridDescriptorTest (docs/architecture.md, "Palette matters").
         */
        @WithDefault("0.35")
        float colourWeight();

        /** Largest inference batch. */
        @WithDefault("16")
        int batchSize();

        /** How long a batch waits for more images before it goes to the model anyway. */
        @WithDefault("20ms")
        Duration batchWait();

        /** Threads that decode and preprocess images while the model runs (0 = one per core). */
        @WithDefault("0")
        int prepareThreads();

        /** Threads ONNX Runtime may use inside one operator (0 = its default). */
        @WithDefault("0")
        int intraOpThreads();
    }

    /** Order of a model's input tensor. */
    enum TensorLayout {
        NCHW, NHWC
    }

    /** How a picture is made square for the model. */
    enum Resize {
        CROP, LETTERBOX
    }

    interface Worker {
        /** Whether this process runs the metadata, image and embedding stages (false: it only follows chains). */
        @WithDefault("true")
        boolean enabled();

        /** Pause between rounds when a stage found no work (at least 1s). */
        @WithDefault("1s")
        Duration pollInterval();

        /** How long a claimed token stays with its worker before another may take it. */
        @WithDefault("2m")
        Duration lease();

        /**
         * Attempts of a retryable failure before the token may be marked failed; it is marked
         * failed only once the failures have also gone on for the retry budget.
         */
        @WithDefault("4")
        int maxAttempts();

        /**
         * How long retryable failures (a node, gateway or host that is down) are retried before the
         * token is marked failed: long enough to outlast an outage.
         */
        @WithDefault("6h")
        Duration retryBudget();

        /**
         * Times a token's lease may run out with no result recorded (its worker crashed, was killed
         * or ran out of memory) before the token is marked failed as worker_lost.
         */
        @WithDefault("3")
        int maxLostLeases();

        /**
         * Shortest time between two refreshes of one token that its contract asks for (ERC-4906
         * events): a contract announcing updates every block re-queues each token at most this often.
         */
        @WithDefault("10m")
        Duration refreshInterval();

        /** Longest a worker keeps renewing its lease on one token; past it another worker may take over. */
        @WithDefault("15m")
        Duration maxWorkTime();

        /** Delay before the first retry; doubles with each attempt. */
        @WithDefault("2s")
        Duration retryDelay();

        /** Longest delay between two retries (the doubling stops here). */
        @WithDefault("10m")
        Duration maxRetryDelay();

        /**
         * Tokens the metadata stage, and the image stage, each keep in work at once: a token that
         * finishes makes room for the next at once, so one slow answer holds only its own slot.
         */
        @WithDefault("32")
        int inFlight();

        /** Identity of this process in leases (default: a random id). */
        Optional<String> id();
    }

    interface Layout {
        /** Whether this process recomputes layouts and places new tokens (one replica per collection at a time). */
        @WithDefault("true")
        boolean enabled();

        /** How often each collection is checked for a due recompute. */
        @WithDefault("5s")
        Duration checkInterval();

        /** A recompute runs at least this often while tokens changed since the last one. */
        @WithDefault("1h")
        Duration recomputeInterval();

        /** A recompute runs early once this many tokens (or more than the last version holds) arrived or left ... */
        @WithDefault("50")
        int minNewTokens();

        /** ... and they are at least this share of the tokens in the last version. */
        @WithDefault("0.1")
        double newTokenShare();

        /** UMAP's neighbourhood size. */
        @WithDefault("15")
        int neighbours();

        /** UMAP's minimum distance between points on the map. */
        @WithDefault("0.1")
        double minDist();

        /** PCA to this many dimensions before UMAP (0: none). */
        @WithDefault("50")
        int pcaDimensions();

        /** UMAP epochs (0: 500 up to 10,000 tokens, 200 beyond). */
        @WithDefault("0")
        int epochs();

        /** UMAP's random seed, recorded with each version (ARPACK's start vector is not seeded by it). */
        @WithDefault("1")
        long seed();

        /** Up to this many tokens the grid is an exact assignment; beyond, bisection refined in tiles. */
        @WithDefault("1000")
        int exactGridLimit();

        /** Most clusters on one map. */
        @WithDefault("24")
        int maxClusters();

        /** Fewest tokens a cluster should have (bounds k by tokens / this). */
        @WithDefault("5")
        int minClusterSize();

        /** Versions kept per collection (older ones are deleted). */
        @WithDefault("3")
        int keepVersions();

        /** Placed neighbours a provisional token's position is taken from. */
        @WithDefault("8")
        int placementNeighbours();
    }

    interface Api {
        /**
         * Keys that open the write endpoints (header {@code X-API-Key} or {@code Authorization: Bearer}).
         * With none configured, every write is refused.
         */
        Optional<List<String>> keys();

        /** Whether reads need a key too. */
        @WithDefault("false")
        boolean keysForReads();

        /** Requests a second one client (its key, else its address) may make on average; 0: no limit. */
        @WithDefault("50")
        double rateLimit();

        /** Requests a client may make at once before the average applies. */
        @WithDefault("200")
        int rateBurst();

        /** What a search by image counts against the rate limit, in requests (it runs the model). */
        @WithDefault("10")
        int imageSearchCost();

        /**
         * What a mosaic, an atlas sheet, a near-duplicate search or a text search counts against the
         * rate limit, in requests (each reads or draws thousands of rows).
         */
        @WithDefault("10")
        int expensiveReadCost();

        /**
         * Addresses and CIDR ranges of reverse proxies (an ingress) whose X-Forwarded-For names the
         * client; requests from anywhere else are counted by their own address, whatever they claim.
         */
        Optional<List<String>> trustedProxies();

        /** Largest image accepted by the search by image, uploaded or fetched. */
        @WithDefault("10485760")
        long maxUploadBytes();

        /** Near-duplicates: largest Hamming distance between two images' 64-bit perceptual hashes. */
        @WithDefault("6")
        int duplicateMaxDistance();

        /** Near-duplicates: smallest cosine similarity of their vectors as well. */
        @WithDefault("0.9")
        double duplicateMinSimilarity();
    }
}
