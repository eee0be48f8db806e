package dev.caravan.source.file;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines (ended by LF, CRLF or CR) without ever holding more than {@code maxChars} of one:
 * a longer line is counted and skipped to its end, and only its first characters are kept. So a
 * 300 MB single-line file costs a few kilobytes, not 600 MB of heap.
 */
final class BoundedLineReader implements Closeable {

    /** One line: its text, or for a line over the cap null with its length and first characters. */
    record Line(String text, long length, String excerpt) {
        boolean oversized() {
            return text == null;
        }
    }

    private final Reader in;
    private final int maxChars;
    private final char[] buf = new char[1 << 16];
    private int pos;
    private int end;
    private boolean skipLf;

    BoundedLineReader(Reader in, int maxChars) {
        this.in = in;
        this.maxChars = maxChars;
    }

    /** The next line, or null at the end of the input. */
    Line next() throws IOException {
        StringBuilder sb = null;
        long length = 0;
        boolean any = false;
        while (true) {
            if (pos >= end) {
                end = in.read(buf, 0, buf.length);
                pos = 0;
                if (end <= 0) {
                    end = 0;
                    if (!any) {
                        return null;
                    }
                    return finish(sb, length);
                }
            }
            if (skipLf) {
                skipLf = false;
                if (buf[pos] == '\n') {
                    pos++;
                    continue;
                }
            }
            any = true;
            int start = pos;
            while (pos < end && buf[pos] != '\n' && buf[pos] != '\r') {
                pos++;
            }
            int n = pos - start;
            if (n > 0) {
                if (sb == null) {
                    sb = new StringBuilder(Math.min(n + 16, maxChars));
                }
                long room = maxChars - length;
                if (room > 0) {
                    // Beyond the cap only the first characters (the excerpt) are kept.
                    sb.append(buf, start, (int) Math.min(n, room));
                } else if (sb.length() > ReadLimits.EXCERPT_CHARS) {
                    sb.setLength(ReadLimits.EXCERPT_CHARS);
                    sb.trimToSize();
                }
                length += n;
            }
            if (pos < end) {
                skipLf = buf[pos] == '\r';
                pos++;
                return finish(sb, length);
            }
        }
    }

    private Line finish(StringBuilder sb, long length) {
        if (length > maxChars) {
            String head = sb.length() > ReadLimits.EXCERPT_CHARS ? sb.substring(0, ReadLimits.EXCERPT_CHARS) : sb.toString();
            return new Line(null, length, head);
        }
        return new Line(sb == null ? "" : sb.toString(), length, null);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
