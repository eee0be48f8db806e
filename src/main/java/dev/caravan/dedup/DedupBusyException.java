package dev.caravan.dedup;

/** Another replica holds the dedup lock: this pass did nothing (REST answers 409, the CLI exits 1). */
public class DedupBusyException extends IllegalStateException {

    public DedupBusyException(String object) {
        super("another replica is deduplicating now; " + object + " not done");
    }
}
