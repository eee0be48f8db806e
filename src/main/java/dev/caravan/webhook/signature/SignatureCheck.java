package dev.caravan.webhook.signature;

import dev.caravan.webhook.WebhookRequest;
import java.time.Instant;

/**
 * How a receiver proves a delivery came from its sender, checked before anything is stored. One
 * named strategy per scheme ({@link Signatures}), picked by the {@code signature.type} of a
 * {@code webhook.yaml}. Comparisons are constant-time.
 */
public interface SignatureCheck {

    /**
     * @param secret the secret's value (resolved from the environment by the caller)
     * @param now the receiver's clock, for timestamp windows
     * @throws SignatureException when the delivery is not proven authentic
     */
    void verify(WebhookRequest request, String secret, Instant now) throws SignatureException;

    /** The {@code ${ENV}} reference of the secret this check needs. */
    String secretReference();
}
