package dev.caravan.pipeline;

/** A system or object that has no definition; the message lists the valid choices. */
public class UnknownObjectException extends IllegalArgumentException {

    public UnknownObjectException(String message) {
        super(message);
    }
}
