package io.tokenatlas.fetch;

import io.tokenatlas.config.AtlasConfig;
import io.tokenatlas.config.MediaConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Fetches what a tokenURI or image field points at: http(s) URLs and ar:// (through the Arweave
 * gateway) with the guarded client, IPFS content verified through {@link IpfsClient}, and inline
 * data as it is, each with a byte limit.
 */
@ApplicationScoped
public class Fetcher {
    private final GuardedHttp http;
    private final GuardedHttp arweave;
    private final IpfsClient ipfs;
    private final String arweaveGateway;
    private final HostSlots hosts;
    private final RecentFetches recent;
    private final String ipfsGateway;

    public Fetcher(AtlasConfig config, IpfsClient ipfs) {
        this.ipfs = ipfs;
        MediaConfig media = config.media();
        this.arweaveGateway = config.arweave().gateway().replaceAll("/+$", "");
        this.ipfsGateway = IpfsClient.gateways(config.ipfs()).stream().findFirst().orElse(null);
        // Token URLs get no gateway exemption: a gateway's address is open only for requests to that gateway.
        this.http = GuardedHttp.of(media, List.of(), media.callTimeout());
        this.arweave = GuardedHttp.of(media, List.of(arweaveGateway), media.callTimeout());
        this.hosts = new HostSlots(media.perHostFetches(), media.hostSlotWait());
        this.recent = new RecentFetches(64L << 20, java.time.Duration.ofMinutes(10));
    }

    /** A URL fetched once for every token that names it lately, within its host's share of fetches. */
    private Fetched limited(GuardedHttp client, String url, long maxBytes) {
        return recent.get(url, maxBytes, () -> {
            try (HostSlots.Slot slot = hosts.take(url)) {
                return client.get(url, maxBytes, "*/*");
            }
        });
    }

    /**
     * An http(s) URL a browser can open for a token's URI: itself, or through the first IPFS or the
     * Arweave gateway; empty for inline data and for URIs that cannot be fetched.
     */
    public java.util.Optional<String> browsableUrl(String raw, java.math.BigInteger tokenId) {
        try {
            return java.util.Optional.ofNullable(switch (ResourceUri.parse(raw, tokenId)) {
                case ResourceUri.Inline inline -> null;
                case ResourceUri.Http h -> h.url();
                case ResourceUri.Ipfs i -> ipfsGateway == null ? null : ipfsGateway + "/ipfs/" + i.cid() + i.path();
                case ResourceUri.Arweave ar -> arweaveGateway + "/" + ar.txId() + ar.path();
            });
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    /** Fetches what {@code uri} points at, refusing more than {@code maxBytes}. */
    public Fetched fetch(ResourceUri uri, long maxBytes) {
        return switch (uri) {
            case ResourceUri.Inline inline -> {
                if (inline.bytes().length > maxBytes) {
                    throw new FetchException(FetchException.TOO_LARGE, "inline data of " + inline.bytes().length
                            + " bytes is over the limit of " + maxBytes, false, null);
                }
                yield new Fetched(inline.bytes(), inline.mediaType(), "data: URI", true);
            }
            case ResourceUri.Http h -> limited(http, h.url(), maxBytes);
            case ResourceUri.Ipfs i -> ipfs.fetch(i, maxBytes);
            case ResourceUri.Arweave ar -> limited(arweave, arweaveGateway + "/" + ar.txId() + ar.path(), maxBytes);
        };
    }
}
