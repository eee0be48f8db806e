package dev.caravan.webhook;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One inbound delivery as the signature checks and the event parser see it.
 *
 * @param method the HTTP method, upper case
 * @param uri the URI the sender signed: the public base URL (behind a proxy or ingress) plus the
 *        request's path and query as received
 * @param headers the request headers, names in lower case
 * @param body the body as received (already bounded by the system's body limit)
 */
public record WebhookRequest(String method, String uri, Map<String, List<String>> headers, byte[] body) {

    /** The first value of a header (name in any case), or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
