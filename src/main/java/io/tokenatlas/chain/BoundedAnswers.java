package io.tokenatlas.chain;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Okio;

/**
 * RPC answers at most {@code maxBytes} long: a node (or whatever answers at its URL) that sends
 * more, by its declared length or as counted while reading, fails the call instead of filling the
 * heap. The call's failure is an I/O failure, so the next node is tried.
 */
final class BoundedAnswers implements Interceptor {
    private final long maxBytes;

    BoundedAnswers(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        ResponseBody body = response.body();
        if (body.contentLength() > maxBytes) {
            response.close();
            throw new IOException("the RPC answer is " + body.contentLength() + " bytes, over the limit of " + maxBytes);
        }
        ForwardingSource counted = new ForwardingSource(body.source()) {
            private long read;

            @Override
            public long read(Buffer sink, long byteCount) throws IOException {
                long n = super.read(sink, byteCount);
                if (n > 0 && (read += n) > maxBytes) {
                    throw new IOException("the RPC answer is over the limit of " + maxBytes + " bytes");
                }
                return n;
            }
        };
        return response.newBuilder()
                .body(ResponseBody.create(Okio.buffer(counted), body.contentType(), body.contentLength()))
                .build();
    }
}
