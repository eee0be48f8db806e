package dev.caravan.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caravan.config.CaravanConfig;
import dev.caravan.webhook.signature.SignatureException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.jboss.logging.Logger;

/**
 * The webhook-receiver routes' step: a delivery that passed the body limit (WebhookHttpGuard) is
 * checked for its content type (415), its signature (401), its JSON (400), then its events are
 * committed (WebhookStore) and only then answered 200. A warehouse that cannot take them now is
 * answered 503 so the sender retries. Answers are small JSON documents that never repeat the body,
 * the signature or a secret; the request's own headers are never echoed.
 */
@ApplicationScoped
@Named("webhookReceiver")
public class WebhookReceiver implements Processor {

    private static final Logger LOG = Logger.getLogger(WebhookReceiver.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebhookReceivers receivers;
    private final WebhookStore store;
    private final WebhookMetrics metrics;
    private final Optional<String> publicUrl;
    private final Clock clock;

    @Inject
    public WebhookReceiver(WebhookReceivers receivers, WebhookStore store, WebhookMetrics metrics, CaravanConfig config) {
        this.receivers = receivers;
        this.store = store;
        this.metrics = metrics;
        this.publicUrl = config.webhooks().publicUrl().map(u -> u.replaceAll("/+$", ""));
        this.clock = Clock.systemUTC();
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getIn();
        String system = exchange.getProperty(dev.caravan.camel.WebhookRoutes.SYSTEM_PROPERTY, String.class);
        HttpServerRequest request = in instanceof org.apache.camel.component.platform.http.vertx.HttpMessage hm ? hm.getRequest() : null;
        byte[] body = in.getBody(byte[].class);
        in.removeHeaders("*");
        in.setBody(null);
        WebhookDefinition d = receivers.get(system).orElse(null);
        if (d == null || request == null) {
            answer(in, 404, "not_found", "no webhook receiver here");
            return;
        }
        String pathObject = pathObject(request.path(), system);
        if (pathObject != null && !d.knowsObject(pathObject)) {
            answer(in, 404, "not_found", "the " + system + " receiver has no object '" + pathObject + "'");
            return;
        }
        String contentType = mediaType(request.getHeader("Content-Type"));
        if (!d.contentTypes().contains(contentType)) {
            metrics.rejected(system, "media_type");
            answer(in, 415, "unsupported_media_type", "send " + String.join(" or ", d.contentTypes()));
            return;
        }
        WebhookRequest r = new WebhookRequest(request.method().name(), signedUri(request), headers(request),
                body == null ? new byte[0] : body);
        Optional<String> secret = receivers.secret(d);
        try {
            if (secret.isEmpty()) {
                throw new SignatureException(SignatureException.Cause.NOT_CONFIGURED, "this receiver's secret is not configured");
            }
            d.signature().verify(r, secret.get(), clock.instant());
        } catch (SignatureException e) {
            metrics.rejected(system, e.reason().metric);
            LOG.warnf("Webhook %s refused from %s: %s", system, remote(request), e.getMessage());
            answer(in, 401, "unauthorized", e.getMessage());
            return;
        }
        List<WebhookEvents.Event> events;
        try {
            events = WebhookEvents.parse(d, r, pathObject);
        } catch (WebhookEvents.MalformedDeliveryException e) {
            metrics.rejected(system, "bad_json");
            answer(in, 400, "bad_request", e.getMessage());
            return;
        }
        WebhookStore.Stored stored;
        try {
            stored = store.store(system, events);
        } catch (WebhookStore.NotStoredException e) {
            metrics.rejected(system, "unavailable");
            in.setHeader("Retry-After", "30");
            answer(in, 503, "unavailable", "not stored: " + e.getMessage() + "; retry later");
            return;
        }
        metrics.received(system, stored.stored());
        metrics.duplicates(system, stored.duplicates());
        ObjectNode ok = JSON.createObjectNode();
        ok.put("stored", stored.stored());
        ok.put("duplicates", stored.duplicates());
        in.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        in.setHeader(Exchange.CONTENT_TYPE, "application/json");
        in.setBody(ok.toString());
    }

    /** The URI the sender signed: the public base URL when configured, else the one the request arrived at. */
    private String signedUri(HttpServerRequest request) {
        return publicUrl.map(base -> base + request.uri()).orElseGet(request::absoluteURI);
    }

    /** The OBJECT of /webhooks/SYSTEM/OBJECT[/], or null. */
    static String pathObject(String path, String system) {
        String rest = path.substring(Math.min(path.length(), ("/webhooks/" + system).length())).replaceAll("^/+|/+$", "");
        return rest.isEmpty() ? null : rest;
    }

    static String mediaType(String header) {
        if (header == null) {
            return "";
        }
        int semi = header.indexOf(';');
        return (semi < 0 ? header : header.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }

    private static Map<String, List<String>> headers(HttpServerRequest request) {
        Map<String, List<String>> out = new HashMap<>();
        request.headers().forEach(e -> out.computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(e.getValue()));
        return out;
    }

    private static String remote(HttpServerRequest request) {
        return request.remoteAddress() == null ? "?" : request.remoteAddress().hostAddress();
    }

    static void answer(Message in, int status, String error, String message) {
        ObjectNode o = JSON.createObjectNode();
        o.put("error", error);
        o.put("message", message);
        in.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        in.setHeader(Exchange.CONTENT_TYPE, "application/json");
        in.setBody(o.toString());
    }
}
