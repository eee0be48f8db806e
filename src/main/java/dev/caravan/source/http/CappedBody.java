package dev.caravan.source.http;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body collected as it streams in, never more than {@code cap} bytes of it: past the cap
 * the body is either refused ({@link BadResponseException}, for answers whose records are wanted)
 * or cut there (for error answers, where the first bytes carry the message). A Content-Length over
 * the cap is refused before any byte is read.
 */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

    private final long cap;
    private final boolean truncate;
    private final String what;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream out;
    private Flow.Subscription subscription;
    private long total;

    private CappedBody(long cap, boolean truncate, String what) {
        this.cap = cap;
        this.truncate = truncate;
        this.what = what;
        this.out = new ByteArrayOutputStream((int) Math.min(cap, 64 * 1024));
    }

    /** 2xx answers: the whole body within {@code maxBytes}, else refused; other answers: their first {@code errorBytes}. */
    static HttpResponse.BodyHandler<byte[]> handler(long maxBytes, int errorBytes, String what) {
        return info -> {
            boolean ok = info.statusCode() >= 200 && info.statusCode() < 300;
            CappedBody body = new CappedBody(ok ? maxBytes : errorBytes, !ok, what);
            if (ok && info.headers().firstValueAsLong("Content-Length").orElse(-1) > maxBytes) {
                body.result.completeExceptionally(tooLarge(what, maxBytes));
            }
            return body;
        };
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (result.isDone()) {
            s.cancel();
        } else {
            s.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer b : items) {
            int n = b.remaining();
            if (total + n > cap) {
                subscription.cancel();
                if (truncate) {
                    byte[] rest = new byte[(int) (cap - total)];
                    b.get(rest);
                    out.write(rest, 0, rest.length);
                    result.complete(out.toByteArray());
                } else {
                    result.completeExceptionally(tooLarge(what, cap));
                }
                return;
            }
            total += n;
            byte[] chunk = new byte[n];
            b.get(chunk);
            out.write(chunk, 0, n);
        }
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        result.complete(out.toByteArray());
    }

    static BadResponseException tooLarge(String what, long cap) {
        return new BadResponseException(what + ": response body larger than max_response_bytes (" + cap + " bytes), refused");
    }
}
