package dev.caravan.quality;

/** A {@code quality:} block that cannot be used; the message names the object, the check and the mistake. */
public class QualityDefinitionException extends RuntimeException {
    public QualityDefinitionException(String message) {
        super(message);
    }
}
