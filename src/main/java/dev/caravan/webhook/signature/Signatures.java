package dev.caravan.webhook.signature;

import dev.caravan.source.http.StrategyOptions;
import java.time.Duration;
import java.util.Set;

/** The signature schemes by {@code type}: hubspot_v3, hmac, standard_webhooks, shared_secret. */
public final class Signatures {

    public static final Set<String> TYPES = Set.of("hubspot_v3", "hmac", "standard_webhooks", "shared_secret");
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    private Signatures() {
    }

    /** The check a {@code signature:} block describes; problems go to the options' list (null returned then). */
    public static SignatureCheck parse(StrategyOptions o) {
        String type = o.oneOf("type", null, TYPES);
        if (type == null) {
            o.problem("type is required (one of " + String.join(", ", new java.util.TreeSet<>(TYPES)) + ")");
            return null;
        }
        String secret = o.secret("secret");
        SignatureCheck check = switch (type) {
            case "hubspot_v3" -> new HubSpotV3Signature(secret, o.duration("max_age", FIVE_MINUTES));
            case "standard_webhooks" -> new StandardWebhooksSignature(secret, o.duration("window", FIVE_MINUTES));
            case "shared_secret" -> new SharedSecretSignature(secret, o.string("header", "X-Caravan-Webhook-Secret"));
            default -> {
                String timestampHeader = o.string("timestamp_header", null);
                String signed = o.oneOf("signed", timestampHeader == null ? "body" : "timestamp_dot_body",
                        Set.of("body", "timestamp_dot_body"));
                if ("timestamp_dot_body".equals(signed) && timestampHeader == null) {
                    o.problem("signed: timestamp_dot_body needs a timestamp_header");
                }
                yield new HmacSignature(secret, o.required("header"), o.oneOf("algorithm", "sha256", Set.of("sha1", "sha256", "sha512")),
                        o.oneOf("encoding", "hex", Set.of("hex", "base64")), o.string("prefix", ""), timestampHeader,
                        o.duration("window", FIVE_MINUTES), "timestamp_dot_body".equals(signed));
            }
        };
        o.rejectUnknown();
        return secret == null ? null : check;
    }
}
