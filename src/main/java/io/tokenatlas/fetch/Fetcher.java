package io.tokenatlas.fetch;

import io.tokenatlas.config.AtlasConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The one HTTP client for token content: fetches http(s) URLs, IPFS content through the
 * configured gateways in order, and decodes inline data, each with a byte limit.
 */
@ApplicationScoped
public class Fetcher {
    /** Redirects followed at most; each hop connects anew, so the address check applies to it. */
    static final int MAX_REDIRECTS = 5;

    private final OkHttpClient http;
    private final List<String> gateways;
    private final String arweaveGateway;

    private final io.micrometer.core.instrument.MeterRegistry meters;

    public Fetcher(AtlasConfig config, io.micrometer.core.instrument.MeterRegistry meters) {
        this.meters = meters;
        AtlasConfig.Media media = config.media();
        this.gateways = config.ipfs().gateways().stream().map(g -> g.replaceAll("/+$", "")).toList();
        this.arweaveGateway = config.arweave().gateway().replaceAll("/+$", "");
        this.http = new OkHttpClient.Builder()
                .socketFactory(new GuardedSocketFactory(new AddressPolicy(
                        media.allowAddresses().orElse(List.of()), gatewayEndpoints(gateways))))
                .followRedirects(false)
                .followSslRedirects(false)
                .connectTimeout(media.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(media.callTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .callTimeout(media.callTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .build();
    }

    /** The configured gateways' addresses with their ports: always reachable, whatever the address. */
    private static java.util.Set<java.net.InetSocketAddress> gatewayEndpoints(List<String> gateways) {
        java.util.Set<java.net.InetSocketAddress> endpoints = new java.util.HashSet<>();
        for (String gateway : gateways) {
            try {
                java.net.URI uri = java.net.URI.create(gateway);
                int port = uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
                for (var address : java.net.InetAddress.getAllByName(uri.getHost())) {
                    endpoints.add(new java.net.InetSocketAddress(address, port));
                }
            } catch (java.io.IOException | IllegalArgumentException e) {
                // an unresolvable gateway is reported when it is used
            }
        }
        return endpoints;
    }

    /** Fetches what {@code uri} points at, refusing more than {@code maxBytes}. */
    public Fetched fetch(ResourceUri uri, long maxBytes) {
        return switch (uri) {
            case ResourceUri.Inline inline -> {
                if (inline.bytes().length > maxBytes) {
                    throw new FetchException("inline data of " + inline.bytes().length + " bytes is over the limit of "
                            + maxBytes, false, null);
                }
                yield new Fetched(inline.bytes(), inline.mediaType(), "data: URI", true);
            }
            case ResourceUri.Http h -> get(h.url(), maxBytes, "*/*");
            case ResourceUri.Ipfs ipfs -> fromGateways(ipfs, maxBytes);
            case ResourceUri.Arweave ar -> get(arweaveGateway + "/" + ar.txId() + ar.path(), maxBytes, "*/*");
        };
    }

    /**
     * A raw block (a CIDv1 with the raw codec, no path) is asked for as application/vnd.ipld.raw and
     * checked against its CID: a gateway whose bytes do not hash to it counts as failed. Other IPFS
     * content is fetched from the path gateway as it comes, marked unverified.
     */
    private Fetched fromGateways(ResourceUri.Ipfs ipfs, long maxBytes) {
        Cid cid;
        try {
            cid = Cid.parse(ipfs.cid());
        } catch (IllegalArgumentException e) {
            throw new FetchException("ipfs://" + ipfs.cid() + " is not a valid CID: " + e.getMessage(), false, e);
        }
        boolean verifiable = ipfs.path().isEmpty() && cid.codec() == Cid.RAW && cid.hashFunction() == Cid.SHA2_256;
        List<String> errors = new ArrayList<>();
        boolean retryable = false;
        for (String gateway : gateways) {
            try {
                if (verifiable) {
                    Fetched block = get(gateway + "/ipfs/" + ipfs.cid() + "?format=raw", maxBytes, "application/vnd.ipld.raw");
                    if (!cid.matches(block.bytes())) {
                        countGateway(gateway, "mismatch");
                        errors.add(gateway + " sent " + block.bytes().length + " bytes that do not hash to " + ipfs.cid());
                        retryable = true;
                        continue;
                    }
                    countGateway(gateway, "ok");
                    return new Fetched(block.bytes(), null, block.source(), true);
                }
                Fetched fetched = get(gateway + "/ipfs/" + ipfs.cid() + ipfs.path(), maxBytes, "*/*");
                countGateway(gateway, "ok");
                return fetched;
            } catch (FetchException e) {
                countGateway(gateway, e.retryable() ? "unavailable" : "refused");
                errors.add(e.getMessage());
                retryable |= e.retryable();
            }
        }
        throw new FetchException("ipfs://" + ipfs.cid() + ipfs.path() + " could not be fetched from any gateway: "
                + String.join("; ", errors), retryable, null);
    }

    /** IPFS gateway requests by outcome: ok, mismatch (bytes not matching the CID), unavailable, refused. */
    private void countGateway(String gateway, String outcome) {
        meters.counter("atlas.ipfs.requests", "gateway", gateway, "outcome", outcome).increment();
    }

    private Fetched get(String url, long maxBytes, String accept) {
        String current = url;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            Fetched fetched = getOnce(current, maxBytes, accept);
            if (fetched.source().equals(current)) {
                return fetched;
            }
            current = fetched.source();
        }
        throw new FetchException("GET " + url + " was redirected more than " + MAX_REDIRECTS + " times", false, null);
    }

    /** One request; a redirect comes back as a Fetched without bytes whose source is the next URL. */
    private Fetched getOnce(String url, long maxBytes, String accept) {
        Request request = new Request.Builder().url(url).header("Accept", accept).build();
        try (Response response = http.newCall(request).execute()) {
            int code = response.code();
            if (response.isRedirect()) {
                String location = response.header("Location");
                var next = location == null ? null : response.request().url().resolve(location);
                if (next == null) {
                    throw new FetchException("GET " + url + " answered " + code + " without a usable Location", false, null);
                }
                return new Fetched(null, null, next.toString(), false);
            }
            if (!response.isSuccessful()) {
                boolean retryable = code >= 500 || code == 408 || code == 429;
                throw new FetchException("GET " + url + " answered HTTP " + code, retryable, null);
            }
            ResponseBody body = response.body();
            long length = body.contentLength();
            if (length > maxBytes) {
                throw new FetchException("GET " + url + " is " + length + " bytes, over the limit of " + maxBytes,
                        false, null);
            }
            byte[] bytes = readAtMost(body.byteStream(), maxBytes, url);
            var type = body.contentType();
            return new Fetched(bytes, type == null ? null : type.type() + "/" + type.subtype(), url, false);
        } catch (GuardedSocketFactory.RefusedAddressException e) {
            throw new FetchException("GET " + url + " " + e.getMessage(), false, e);
        } catch (IOException e) {
            boolean refused = e.getMessage() != null && e.getMessage().contains("refused to connect to");
            throw new FetchException("GET " + url + " failed: " + e.getMessage(), !refused, e);
        }
    }

    private static byte[] readAtMost(InputStream in, long maxBytes, String url) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > maxBytes) {
                throw new FetchException("GET " + url + " sent more than the limit of " + maxBytes + " bytes",
                        false, null);
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
