package dev.caravan.camel;

import dev.caravan.alert.AlertDelivery;
import dev.caravan.config.CaravanConfig;
import dev.caravan.quality.QualityRunner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.camel.builder.RouteBuilder;

/**
 * The service's quality and alert timers: "quality-schedule" (a Quartz cron, CARAVAN_QUALITY_SCHEDULE)
 * evaluates every object's checks, one replica per fire; "alert-delivery" sends the alert outbox's due
 * messages every 30 seconds, each claimed by one replica. Both belong to the "service" group, so
 * one-shot commands never start them; both are stateful (a fire never overlaps the previous one) and,
 * on PostgreSQL, fire on one replica at a time (schedule/QuartzScheduling).
 */
@ApplicationScoped
public class QualityRoutes extends RouteBuilder {

    static final long DELIVERY_PERIOD_MS = 30_000;

    private final CaravanConfig config;
    private final QualityRunner quality;
    private final AlertDelivery delivery;

    @Inject
    public QualityRoutes(CaravanConfig config, QualityRunner quality, AlertDelivery delivery) {
        this.config = config;
        this.quality = quality;
        this.delivery = delivery;
    }

    @Override
    public void configure() {
        config.quality().schedule().map(String::strip).filter(s -> !s.isEmpty()).ifPresent(cron ->
                from("quartz:caravan-quality/checks?cron=RAW(" + cron + ")&stateful=true")
                        .routeId("quality-schedule")
                        .group(ServiceRoutes.SERVICE_GROUP)
                        .autoStartup(false)
                        .routeConfigurationId("caravan-errors")
                        .bean(quality, "scheduled"));

        from("quartz:caravan-alerts/delivery?trigger.repeatInterval=" + DELIVERY_PERIOD_MS + "&trigger.repeatCount=-1&triggerStartDelay=10000&stateful=true")
                .routeId("alert-delivery")
                .group(ServiceRoutes.SERVICE_GROUP)
                .autoStartup(false)
                .routeConfigurationId("caravan-errors")
                .bean(delivery, "deliverDue");
    }
}
