package dev.caravan.sync;

/** A sync was asked of a source database whose connection settings are missing. */
public class SourceNotConfiguredException extends IllegalArgumentException {

    public SourceNotConfiguredException(String message) {
        super(message);
    }
}
