package dev.caravan.api.upload;

import dev.caravan.config.CaravanConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Moves a received file part into the upload directory; a gzip part (NAME.gz) is decompressed on the
 * way, streamed, and refused once it grows past CARAVAN_MAX_UPLOAD. (A request body sent with
 * Content-Encoding: gzip is decompressed by the HTTP server as it arrives, under the same limit.)
 */
@ApplicationScoped
public class UploadReceiver {

    /** The decompressed upload would exceed the limit (413). */
    public static class TooLargeException extends Exception {
        TooLargeException(String message) {
            super(message);
        }
    }

    private final long maxBytes;

    @Inject
    public UploadReceiver(CaravanConfig config) {
        this.maxBytes = config.upload().maxSize().asLongValue();
    }

    /** Stores the part as {@code target}; IllegalArgumentException when a .gz part is not gzip. */
    public void store(Path received, boolean gzip, Path target) throws IOException, TooLargeException {
        if (!gzip) {
            Files.move(received, target, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        boolean done = false;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(received), 64 * 1024);
                OutputStream out = Files.newOutputStream(target)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0;) {
                total += n;
                if (total > maxBytes) {
                    throw new TooLargeException("the upload is larger than CARAVAN_MAX_UPLOAD (" + maxBytes
                            + " bytes) once decompressed");
                }
                out.write(buffer, 0, n);
            }
            done = true;
        } catch (ZipException | java.io.EOFException e) {
            throw new IllegalArgumentException("the .gz file is not valid gzip: " + e.getMessage(), e);
        } finally {
            if (!done) {
                Files.deleteIfExists(target);
            }
        }
    }
}
