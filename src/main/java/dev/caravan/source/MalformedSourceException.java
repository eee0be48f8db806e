package dev.caravan.source;

/** The source cannot be read any further (unclosed quote, broken JSON array, no header). */
public class MalformedSourceException extends RuntimeException {

    private final long line;

    public MalformedSourceException(long line, String message) {
        super(line > 0 ? "line " + line + ": " + message : message);
        this.line = line;
    }

    public long line() {
        return line;
    }
}
