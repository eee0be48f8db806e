package dev.caravan.source.http;

import java.io.IOException;
import java.util.List;

/**
 * The hook for APIs that sign each request (MarketSharp, some webhooks' senders): {@code type: signed}
 * with {@code signer: NAME} picks one from {@link SignedAuth#SIGNERS}. A vendor whose scheme is not
 * the generic one gets its own small class registered there: the one named, documented escape hatch
 * for per-vendor Java in the HTTP engine. A signer sees the final method, URL and body bytes.
 */
public interface RequestSigner {

    /** The {@code ${ENV}} references the signer needs. */
    List<String> secretReferences();

    void sign(RequestSpec request, Authenticator.Context context) throws IOException;
}
