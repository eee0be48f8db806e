package dev.caravan.source.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalLong;

/** Reads a response body as it streams in, refusing it as soon as it passes the cap. */
final class BoundedBody {

    private BoundedBody() {
    }

    /** The body's bytes, or {@link BadResponseException} once more than {@code cap} bytes arrive (or are announced). */
    static byte[] read(InputStream in, OptionalLong contentLength, long cap, String what) throws IOException {
        try (in) {
            if (contentLength.isPresent() && contentLength.getAsLong() > cap) {
                throw tooLarge(what, cap);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(cap, 64 * 1024));
            byte[] buf = new byte[16 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buf)) != -1) {
                total += n;
                if (total > cap) {
                    throw tooLarge(what, cap);
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }

    private static BadResponseException tooLarge(String what, long cap) {
        return new BadResponseException(what + ": response body larger than max_response_bytes (" + cap + " bytes), refused");
    }
}
