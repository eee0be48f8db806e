package dev.caravan.api.upload;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Checks an uploaded file's name before it is stored or shown: a name that is empty, a path
 * (contains / or \), "." or "..", longer than 255 bytes, or holds control characters (CR, LF, NUL,
 * other C0/C1, DEL) or bidirectional controls is refused with a message saying why.
 */
public final class UploadNames {

    static final int MAX_BYTES = 255;

    private UploadNames() {
    }

    /** The name to keep and show (surrounding spaces removed), or IllegalArgumentException saying why not. */
    public static String validate(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("the file part has no file name; send it as"
                    + " Content-Disposition: form-data; name=\"file\"; filename=\"NAME\"");
        }
        String name = raw.strip();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "the file name holds a control character (U+%04X at position %d)", (int) c, i + 1));
            }
            if (isBidiControl(c)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "the file name holds a bidirectional control character (U+%04X at position %d)", (int) c, i + 1));
            }
            if (c == '/' || c == '\\') {
                throw new IllegalArgumentException("the file name must be a name, not a path (it contains '" + c + "')");
            }
        }
        if (name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("the file name must not be '" + name + "'");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new IllegalArgumentException("the file name is longer than " + MAX_BYTES + " bytes");
        }
        return name;
    }

    /** A name ending in .gz (the file is gzip-compressed). */
    public static boolean isGzip(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".gz") && name.length() > 3;
    }

    /** The name without its .gz suffix (leads.csv.gz is imported as leads.csv). */
    public static String withoutGz(String name) {
        return isGzip(name) ? name.substring(0, name.length() - 3) : name;
    }

    static boolean isBidiControl(char c) {
        return c == '\u061c' || c == '\u200e' || c == '\u200f' || (c >= '\u202a' && c <= '\u202e')
                || (c >= '\u2066' && c <= '\u2069');
    }
}
