package dev.caravan.webhook;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs before the webhook routes on {@code /webhooks/*}: an unknown receiver is answered 404 and a
 * body past the receiver's limit 413, without reading it (a declared Content-Length) or as soon as
 * the bytes read pass the limit (chunked or compressed bodies), so no request holds more than the
 * limit in memory. The service's general body limit (uploads, 2 GB) never applies to webhooks.
 */
@ApplicationScoped
public class WebhookHttpGuard {

    private final WebhookReceivers receivers;
    private final WebhookMetrics metrics;
    private static final String UNKNOWN = "caravan.webhook.unknown";
    private final Map<Long, BodyHandler> handlers = new ConcurrentHashMap<>();

    @Inject
    public WebhookHttpGuard(WebhookReceivers receivers, WebhookMetrics metrics) {
        this.receivers = receivers;
        this.metrics = metrics;
    }

    void install(@Observes Router router) {
        router.route("/webhooks/*").order(-10).handler(this::guard).handler(this::unknown).failureHandler(this::failed);
    }

    private void guard(RoutingContext ctx) {
        String system = system(ctx.normalizedPath());
        WebhookDefinition d = system == null ? null : receivers.get(system).orElse(null);
        if (d == null) {
            // read (and drop) a small body first, so the answer leaves the connection usable
            ctx.put(UNKNOWN, Boolean.TRUE);
            handlers.computeIfAbsent(WebhookDefinitions.DEFAULT_BODY_LIMIT, n -> BodyHandler.create(false).setBodyLimit(n)).handle(ctx);
            return;
        }
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                if (Long.parseLong(length.strip()) > d.bodyLimit()) {
                    metrics.rejected(system, "too_large");
                    answer(ctx, 413, "payload_too_large", "the body exceeds " + d.bodyLimit() + " bytes");
                    return;
                }
            } catch (NumberFormatException e) {
                answer(ctx, 400, "bad_request", "the Content-Length header is not a number");
                return;
            }
        }
        handlers.computeIfAbsent(d.bodyLimit(), n -> BodyHandler.create(false).setBodyLimit(n)).handle(ctx);
    }

    private void unknown(RoutingContext ctx) {
        if (ctx.get(UNKNOWN) != null) {
            answer(ctx, 404, "not_found", "no webhook receiver here", false);
            return;
        }
        ctx.next();
    }

    private void failed(RoutingContext ctx) {
        if (ctx.statusCode() == 413) {
            String system = system(ctx.normalizedPath());
            WebhookDefinition d = system == null ? null : receivers.get(system).orElse(null);
            if (d != null) {
                metrics.rejected(system, "too_large");
            }
            answer(ctx, 413, "payload_too_large", d == null ? "the body is too large" : "the body exceeds " + d.bodyLimit() + " bytes");
            return;
        }
        ctx.next();
    }

    /** SYSTEM of /webhooks/SYSTEM[/…], or null. */
    static String system(String path) {
        if (path == null || !path.startsWith("/webhooks/")) {
            return null;
        }
        String rest = path.substring("/webhooks/".length());
        int slash = rest.indexOf('/');
        String s = slash < 0 ? rest : rest.substring(0, slash);
        return s.matches("[a-z][a-z0-9_]{0,63}") ? s : null;
    }

    private static void answer(RoutingContext ctx, int status, String error, String message) {
        answer(ctx, status, error, message, true);
    }

    /** @param close whether the connection goes: the body of the delivery was not read (to its end) */
    private static void answer(RoutingContext ctx, int status, String error, String message, boolean close) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, close ? "close" : "keep-alive")
                .end("{\"error\":\"" + error + "\",\"message\":\"" + message.replace("\"", "'") + "\"}")
                .onComplete(done -> {
                    if (close) {
                        ctx.request().connection().close();
                    }
                });
    }
}
