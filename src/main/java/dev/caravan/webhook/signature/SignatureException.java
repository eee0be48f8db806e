package dev.caravan.webhook.signature;

/**
 * A delivery failed its signature check (answered 401). The message says what was wrong in general
 * terms (missing, not matching, stale); it never holds the secret, the signature sent or the body.
 */
public final class SignatureException extends Exception {

    /** Why a delivery was refused, as counted in caravan_webhook_rejected_total{cause}. */
    public enum Cause {
        MISSING("missing_signature"), INVALID("bad_signature"), STALE("stale_timestamp"), NOT_CONFIGURED("not_configured");

        public final String metric;

        Cause(String metric) {
            this.metric = metric;
        }
    }

    private final Cause cause;

    public SignatureException(Cause cause, String message) {
        super(message, null, false, false);
        this.cause = cause;
    }

    public Cause reason() {
        return cause;
    }
}
