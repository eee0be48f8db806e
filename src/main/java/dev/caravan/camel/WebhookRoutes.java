package dev.caravan.camel;

import dev.caravan.webhook.WebhookReceivers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.camel.builder.RouteBuilder;

/**
 * Webhook endpoints on the service's HTTP port (Camel platform-http): one route template,
 * "webhook-receiver", and one route from it per receiver definition, {@code POST /webhooks/SYSTEM}
 * and {@code /webhooks/SYSTEM/OBJECT}. A receiver is a definition file, not a route. Body limits are
 * enforced before the route by WebhookHttpGuard. The routes belong to the service group: they run
 * in {@code serve}, never for one-shot commands.
 */
@ApplicationScoped
public class WebhookRoutes extends RouteBuilder {

    static final String TEMPLATE = "webhook-receiver";
    public static final String SYSTEM_PROPERTY = "caravanWebhookSystem";

    private final WebhookReceivers receivers;

    @Inject
    public WebhookRoutes(WebhookReceivers receivers) {
        this.receivers = receivers;
    }

    @Override
    public void configure() {
        routeTemplate(TEMPLATE)
                .templateParameter("system")
                .from("platform-http:/webhooks/{{system}}?httpMethodRestrict=POST&matchOnUriPrefix=true&muteException=true")
                .group(ServiceRoutes.SERVICE_GROUP)
                .autoStartup(false)
                .setProperty(SYSTEM_PROPERTY, constant("{{system}}"))
                .process("webhookReceiver");
        for (String system : receivers.all().keySet()) {
            templatedRoute(TEMPLATE).routeId("webhook-" + system).parameter("system", system);
        }
    }
}
