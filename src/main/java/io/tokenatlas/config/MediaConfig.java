package io.tokenatlas.config;

import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Fetching and decoding metadata and images ({@code atlas.media.*}). */
public interface MediaConfig {
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
     * holds at most this many slots; as many again wait in line for one, and further tokens of it
     * wait their turn in the queue.
     */
    @WithDefault("8")
    int perHostFetches();

    /** How long a fetch waits in line for its host's slot before its token goes back to the queue. */
    @WithDefault("10s")
    Duration hostSlotWait();

    /** Ports that fetches may use on public hosts (the allow list's addresses may use any). */
    @WithDefault("80,443,8080,8443")
    Set<Integer> allowPorts();

    /** Colour (six hex digits, RGB) that transparent pixels are composited on. */
    @WithDefault("ffffff")
    @WithConverter(Rgb.FromHex.class)
    Rgb background();
}
