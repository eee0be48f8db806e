package dev.caravan.cli;

/**
 * Makes untrusted text safe to print on a terminal: control characters (C0, DEL, C1) and Unicode
 * bidirectional controls are written as visible escapes (ESC as {@code \x1b}, U+202E as
 * {@code \u202e}), so a rejected record cannot move the cursor, retitle the window or reorder
 * what the reader sees.
 */
public final class TerminalText {

    private TerminalText() {
    }

    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String escaped = escapeOf(c);
            if (escaped == null) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            out.append(escaped);
        }
        return out == null ? text : out.toString();
    }

    /** The first {@code max} characters of the text (never splitting a surrogate pair), escaped, with … when cut. */
    public static String escape(String text, int max) {
        if (text == null || text.length() <= max) {
            return escape(text);
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return escape(text.substring(0, end)) + "…";
    }

    private static String escapeOf(char c) {
        switch (c) {
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            default:
                break;
        }
        if (c < 0x20 || c == 0x7f) {
            return String.format("\\x%02x", (int) c);
        }
        if ((c >= 0x80 && c <= 0x9f) || isBidiControl(c)) {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }

    static boolean isBidiControl(char c) {
        return c == '\u061c' || c == '\u200e' || c == '\u200f' || (c >= '\u202a' && c <= '\u202e')
                || (c >= '\u2066' && c <= '\u2069');
    }
}
