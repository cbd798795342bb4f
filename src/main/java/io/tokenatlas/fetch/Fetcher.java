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
    private final OkHttpClient http;
    private final List<String> gateways;

    private final io.micrometer.core.instrument.MeterRegistry meters;

    public Fetcher(AtlasConfig config, io.micrometer.core.instrument.MeterRegistry meters) {
        this.meters = meters;
        AtlasConfig.Media media = config.media();
        this.http = new OkHttpClient.Builder()
                .connectTimeout(media.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(media.callTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .callTimeout(media.callTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .build();
        this.gateways = config.ipfs().gateways().stream().map(g -> g.replaceAll("/+$", "")).toList();
    }

    /** Fetches what {@code uri} points at, refusing more than {@code maxBytes}. */
    public Fetched fetch(ResourceUri uri, long maxBytes) {
        return switch (uri) {
            case ResourceUri.Inline inline -> {
                if (inline.bytes().length > maxBytes) {
                    throw new FetchException("inline data of " + inline.bytes().length + " bytes is over the limit of "
                            + maxBytes, false, null);
                }
                yield new Fetched(inline.bytes(), inline.mediaType(), "data: URI");
            }
            case ResourceUri.Http h -> get(h.url(), maxBytes);
            case ResourceUri.Ipfs ipfs -> fromGateways(ipfs, maxBytes);
        };
    }

    private Fetched fromGateways(ResourceUri.Ipfs ipfs, long maxBytes) {
        List<String> errors = new ArrayList<>();
        boolean retryable = false;
        for (String gateway : gateways) {
            try {
                Fetched fetched = get(gateway + "/ipfs/" + ipfs.cid() + ipfs.path(), maxBytes);
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

    /** IPFS gateway requests by outcome: ok, unavailable (I/O, 5xx, timeouts), refused (4xx, too large). */
    private void countGateway(String gateway, String outcome) {
        meters.counter("atlas.ipfs.requests", "gateway", gateway, "outcome", outcome).increment();
    }

    private Fetched get(String url, long maxBytes) {
        Request request = new Request.Builder().url(url).header("Accept", "*/*").build();
        try (Response response = http.newCall(request).execute()) {
            int code = response.code();
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
            return new Fetched(bytes, type == null ? null : type.type() + "/" + type.subtype(), url);
        } catch (IOException e) {
            throw new FetchException("GET " + url + " failed: " + e.getMessage(), true, e);
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
