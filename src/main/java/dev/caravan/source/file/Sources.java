package dev.caravan.source.file;

import dev.caravan.definition.ObjectDefinition;
import dev.caravan.source.RecordReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Opens the right reader for a file: JSON (lines or array) by extension or content, CSV otherwise. */
public final class Sources {

    private Sources() {
    }

    public static RecordReader open(Path file, FileFingerprint fingerprint, ObjectDefinition definition)
            throws IOException {
        return open(file, fingerprint, definition, ReadLimits.DEFAULT);
    }

    /** Opens a reader that keeps within the given caps (see {@link ReadLimits}). */
    public static RecordReader open(Path file, FileFingerprint fingerprint, ObjectDefinition definition,
            ReadLimits limits) throws IOException {
        CountingInputStream counted = new CountingInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
        try {
            long skipped = counted.skip(fingerprint.bomLength());
            if (skipped != fingerprint.bomLength()) {
                throw new IOException("could not skip byte-order mark");
            }
            Reader reader = new InputStreamReader(counted, fingerprint.charset());
            if (isJson(file, counted)) {
                return new JsonRecordReader(reader, counted, definition, limits);
            }
            return new CsvRecordReader(reader, counted, definition, limits);
        } catch (IOException | RuntimeException e) {
            counted.close();
            throw e;
        }
    }

    /**
     * Records given as JSON text, one object per line (webhook payloads): read like a JSON-lines
     * file, within the same caps; record {@code n}'s line is {@code n}.
     */
    public static RecordReader jsonLines(String text, ObjectDefinition definition, ReadLimits limits) throws IOException {
        CountingInputStream counted = new CountingInputStream(new java.io.ByteArrayInputStream(
                text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return new JsonRecordReader(new InputStreamReader(counted, java.nio.charset.StandardCharsets.UTF_8), counted, definition, limits);
    }

    private static boolean isJson(Path file, InputStream in) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".json") || name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return true;
        }
        if (name.endsWith(".csv") || name.endsWith(".txt") || name.endsWith(".tsv")) {
            return false;
        }
        in.mark(64);
        try {
            int b;
            do {
                b = in.read();
            } while (b == ' ' || b == '\t' || b == '\r' || b == '\n');
            return b == '{' || b == '[';
        } finally {
            in.reset();
        }
    }
}
