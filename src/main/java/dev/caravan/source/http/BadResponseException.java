package dev.caravan.source.http;

/** A 2xx answer that cannot be used: larger than the cap, not JSON, or not shaped as the definition says. */
public class BadResponseException extends RuntimeException {

    public BadResponseException(String message) {
        super(message);
    }
}
