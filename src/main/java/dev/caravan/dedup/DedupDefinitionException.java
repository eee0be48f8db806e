package dev.caravan.dedup;

/** A {@code dedup:} block that cannot be used; the message names the definition file and the field. */
public class DedupDefinitionException extends IllegalArgumentException {

    public DedupDefinitionException(String message) {
        super(message);
    }
}
