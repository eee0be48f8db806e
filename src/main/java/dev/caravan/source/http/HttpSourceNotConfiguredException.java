package dev.caravan.source.http;

/**
 * No authentication alternative of a connection has all of its secrets set in the environment. The
 * message names the variables, never their values.
 */
public class HttpSourceNotConfiguredException extends RuntimeException {

    public HttpSourceNotConfiguredException(String message) {
        super(message);
    }
}
