package dev.caravan.dedup;

/**
 * A dedup pass stopped because the process is shutting down (SIGTERM): between two slices, or while
 * finding groups. What its slices committed stays, whole; the next pass merges the rest.
 */
public class DedupInterruptedException extends IllegalStateException {

    public DedupInterruptedException(String object, String when) {
        super("dedup of " + object + " interrupted (shutting down) " + when + "; the next pass merges the rest");
    }
}
