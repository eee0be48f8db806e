package dev.caravan.replay;

/** A replay that cannot start, with why (the CLI exits 2, REST answers 404 or 409). */
public class ReplayException extends RuntimeException {

    /** NOT_FOUND: no such run. REFUSED: the run exists but cannot be replayed (now or ever). */
    public enum Kind { NOT_FOUND, REFUSED }

    private final Kind kind;

    ReplayException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
