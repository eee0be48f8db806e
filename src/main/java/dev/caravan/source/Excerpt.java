package dev.caravan.source;

import java.util.List;

/**
 * The only way source content appears in an error, a reason file or a log line: a short excerpt
 * with control and formatting characters escaped, so a file that is not what it claims (a link to
 * /proc/self/environ, a binary) cannot spill its content or drive a terminal.
 */
public final class Excerpt {

    /** Characters of one value an excerpt keeps. */
    public static final int MAX_VALUE = 40;
    /** Values of a list (headers) an excerpt keeps. */
    public static final int MAX_VALUES = 8;

    private Excerpt() {
    }

    /** At most {@code max} characters of the text, control characters escaped, "…" when cut. */
    public static String of(String text, int max) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(Math.min(text.length(), max) + 8);
        int shown = 0;
        for (int i = 0; i < text.length(); i++) {
            if (shown >= max) {
                sb.append('…');
                break;
            }
            char ch = text.charAt(i);
            if (ch < 0x20 || ch == 0x7f || (ch >= 0x80 && ch < 0xa0) || isBidiOrInvisible(ch)) {
                sb.append(ch < 0x100 ? String.format("\\x%02x", (int) ch) : String.format("\\u%04x", (int) ch));
            } else {
                sb.append(ch);
            }
            shown++;
        }
        return sb.toString();
    }

    public static String of(String text) {
        return of(text, MAX_VALUE);
    }

    /** A list of values (a header line) as a short, escaped excerpt: "[a, b, … (30 more)]". */
    public static String list(List<String> values) {
        StringBuilder sb = new StringBuilder("[");
        int n = Math.min(values.size(), MAX_VALUES);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(of(values.get(i)));
        }
        if (values.size() > n) {
            sb.append(", … (").append(values.size() - n).append(" more)");
        }
        return sb.append(']').toString();
    }

    private static boolean isBidiOrInvisible(char ch) {
        return (ch >= 0x200b && ch <= 0x200f) || (ch >= 0x202a && ch <= 0x202e) || (ch >= 0x2066 && ch <= 0x2069)
                || ch == 0xfeff;
    }
}
