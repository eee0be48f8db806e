package dev.caravan.source;


/** A source database cannot be read (unreachable, refused): the sync fails, the watermark stays. */
public class SourceUnavailableException extends RuntimeException {

    public SourceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
