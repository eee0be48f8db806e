package dev.caravan.source.http;

/**
 * Characters XML 1.0 forbids (C0 controls but tab, line feed and carriage return), as raw bytes or
 * as references ({@code &#1;}, {@code &#x1F;}), replaced by spaces of the same length before an
 * Atom body is parsed. Real OData payloads carry them in free-text fields (pasted notes); a strict
 * parser would fail the whole page on one. Works on a copy only when one is found; UTF-8 safe (these
 * bytes never occur inside a multi-byte sequence).
 */
final class XmlChars {

    private XmlChars() {
    }

    /** The body, or a cleaned copy when it holds forbidden characters. */
    static byte[] clean(byte[] body) {
        byte[] out = null;
        for (int i = 0; i < body.length; i++) {
            byte b = body[i];
            if (b >= 0 && b < 0x20 && b != '\t' && b != '\n' && b != '\r') {
                out = out == null ? body.clone() : out;
                out[i] = ' ';
            } else if (b == '&' && i + 2 < body.length && body[i + 1] == '#') {
                int end = referenceEnd(body, i);
                if (end > 0 && forbidden(body, i, end)) {
                    out = out == null ? body.clone() : out;
                    for (int j = i; j <= end; j++) {
                        out[j] = ' ';
                    }
                    i = end;
                }
            }
        }
        return out == null ? body : out;
    }

    /** The index of the ';' closing a character reference starting at {@code at}, or -1. */
    private static int referenceEnd(byte[] b, int at) {
        for (int j = at + 2; j < b.length && j < at + 12; j++) {
            if (b[j] == ';') {
                return j;
            }
        }
        return -1;
    }

    private static boolean forbidden(byte[] b, int at, int end) {
        boolean hex = b[at + 2] == 'x' || b[at + 2] == 'X';
        int from = at + (hex ? 3 : 2);
        if (from >= end) {
            return false;
        }
        long v = 0;
        for (int j = from; j < end; j++) {
            int d = Character.digit(b[j], hex ? 16 : 10);
            if (d < 0) {
                return false;
            }
            v = v * (hex ? 16 : 10) + d;
        }
        return v < 0x20 && v != 0x9 && v != 0xA && v != 0xD;
    }
}
