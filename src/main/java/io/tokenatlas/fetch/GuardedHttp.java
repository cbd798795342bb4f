package io.tokenatlas.fetch;

import io.tokenatlas.config.MediaConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The one HTTP client for content named by tokens: every connection is checked by the
 * {@link AddressPolicy} (also after each of at most {@value #MAX_REDIRECTS} redirects), bodies are
 * cut off at a byte limit (counted after transparent gzip, so a compression bomb stops there too),
 * and a transfer has a connect, a read (between bytes) and a whole-call timeout.
 */
public final class GuardedHttp {
    /** Redirects followed at most; each hop connects anew, so the address check applies to it. */
    static final int MAX_REDIRECTS = 5;
    /**
     * Idle connections kept for reuse. The stages keep dozens of fetches in flight, most to one
     * host; OkHttp's default of 5 closed most connections as their fetch ended and opened new ones.
     */
    static final int IDLE_CONNECTIONS = 64;

    private final OkHttpClient http;

    public GuardedHttp(AddressPolicy policy, Duration connectTimeout, Duration readTimeout, Duration callTimeout) {
        this.http = new OkHttpClient.Builder()
                // A system-wide proxy would connect for us, past the socket factory's check.
                .proxy(Proxy.NO_PROXY)
                .connectionPool(new okhttp3.ConnectionPool(IDLE_CONNECTIONS, 5, TimeUnit.MINUTES))
                .socketFactory(new GuardedSocketFactory(policy))
                .followRedirects(false)
                .followSslRedirects(false)
                .connectTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .callTimeout(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .build();
    }

    /**
     * A client for fetches by these settings; {@code gateways}: base URLs whose own address and
     * port this client may reach although they are not public (the gateways it is made for).
     */
    public static GuardedHttp of(MediaConfig media, List<String> gateways, Duration callTimeout) {
        return new GuardedHttp(new AddressPolicy(media.allowAddresses().orElse(List.of()),
                AddressPolicy.endpointsOf(gateways), media.allowPorts()), media.connectTimeout(), media.readTimeout(),
                callTimeout);
    }

    /** GETs {@code url}, following redirects, refusing more than {@code maxBytes}. */
    public Fetched get(String url, long maxBytes, String accept) {
        return get(url, maxBytes, accept, call -> { });
    }

    /** As {@link #get(String, long, String)}, handing each started call to {@code started} (to cancel it). */
    public Fetched get(String url, long maxBytes, String accept, Consumer<Call> started) {
        String current = url;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            Fetched fetched = getOnce(current, maxBytes, accept, started);
            if (fetched.bytes() != null) {
                return fetched;
            }
            current = fetched.source();
        }
        throw new FetchException(FetchException.REDIRECT_LIMIT,
                "GET " + url + " was redirected more than " + MAX_REDIRECTS + " times", false, null);
    }

    /**
     * One request; a redirect comes back as a Fetched without bytes whose source is the next URL
     * (which may be the same URL: a self-redirect counts against the limit like any other).
     */
    private Fetched getOnce(String url, long maxBytes, String accept, Consumer<Call> started) {
        Request request;
        try {
            request = new Request.Builder().url(url).header("Accept", accept).build();
        } catch (IllegalArgumentException e) {
            throw new FetchException(FetchException.INVALID_URI, "not a URL that can be fetched: " + url, false, e);
        }
        Call call = http.newCall(request);
        started.accept(call);
        try (Response response = call.execute()) {
            int code = response.code();
            if (response.isRedirect()) {
                String location = response.header("Location");
                var next = location == null ? null : response.request().url().resolve(location);
                if (next == null) {
                    throw new FetchException(FetchException.HTTP_STATUS,
                            "GET " + url + " answered " + code + " without a usable Location", false, null);
                }
                return new Fetched(null, null, next.toString(), false);
            }
            if (!response.isSuccessful()) {
                boolean retryable = code >= 500 || code == 408 || code == 429;
                throw new FetchException(FetchException.HTTP_STATUS, "GET " + url + " answered HTTP " + code, retryable, null);
            }
            ResponseBody body = response.body();
            long length = body.contentLength();
            if (length > maxBytes) {
                throw new FetchException(FetchException.TOO_LARGE,
                        "GET " + url + " is " + length + " bytes, over the limit of " + maxBytes, false, null);
            }
            byte[] bytes = readAtMost(body.byteStream(), maxBytes, url);
            var type = body.contentType();
            return new Fetched(bytes, type == null ? null : type.type() + "/" + type.subtype(), url, false);
        } catch (IOException e) {
            throw failure("GET " + url, call, e);
        }
    }

    /**
     * POSTs {@code body} (a webhook delivery) and returns the status answered; redirects are not
     * followed (a 3xx is the answer) and the answer's body is dropped after at most 64 KiB.
     */
    public int post(String url, java.util.Map<String, String> headers, byte[] body, String contentType) {
        Request request;
        try {
            Request.Builder builder = new Request.Builder().url(url)
                    .post(okhttp3.RequestBody.create(body, okhttp3.MediaType.get(contentType)));
            headers.forEach(builder::header);
            request = builder.build();
        } catch (IllegalArgumentException e) {
            throw new FetchException(FetchException.INVALID_URI, "not a URL that can be posted to: " + url, false, e);
        }
        Call call = http.newCall(request);
        try (Response response = call.execute()) {
            try (InputStream in = response.body().byteStream()) {
                in.readNBytes(64 * 1024);
            }
            return response.code();
        } catch (IOException e) {
            throw failure("POST " + url, call, e);
        }
    }

    /** What an I/O failure of a call means, as a FetchException saying what was being done. */
    private static FetchException failure(String what, Call call, IOException e) {
        if (e instanceof GuardedSocketFactory.RefusedAddressException) {
            return new FetchException(FetchException.ADDRESS_REFUSED, what + " " + e.getMessage(), false, e);
        }
        if (e instanceof SocketTimeoutException) {
            return new FetchException(FetchException.TIMEOUT, what + " timed out: " + e.getMessage(), true, e);
        }
        if (e instanceof InterruptedIOException) {
            // OkHttp's whole-call timeout (or a cancelled hedge) ends the call this way.
            String why = call.isCanceled() && !"timeout".equals(e.getMessage()) ? "was cancelled" : "took longer than the call timeout";
            return new FetchException(FetchException.TIMEOUT, what + " " + why, true, e);
        }
        if (e instanceof UnknownHostException) {
            return new FetchException(FetchException.UNREACHABLE, what + ": unknown host " + e.getMessage(), true, e);
        }
        if (e instanceof ConnectException) {
            return new FetchException(FetchException.UNREACHABLE, what + " could not connect: " + e.getMessage(), true, e);
        }
        boolean refused = e.getMessage() != null && e.getMessage().contains("refused to connect to");
        return new FetchException(refused ? FetchException.ADDRESS_REFUSED : FetchException.TRANSFER_FAILED,
                what + " failed: " + e.getMessage(), !refused, e);
    }

    private static byte[] readAtMost(InputStream in, long maxBytes, String url) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > maxBytes) {
                throw new FetchException(FetchException.TOO_LARGE,
                        "GET " + url + " sent more than the limit of " + maxBytes + " bytes", false, null);
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
