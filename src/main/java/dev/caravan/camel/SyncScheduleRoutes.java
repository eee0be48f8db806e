package dev.caravan.camel;

import dev.caravan.config.CaravanConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.builder.RouteBuilder;

/**
 * Sync schedules from configuration: one route template, "sync-schedule" (a Quartz trigger that asks
 * the syncTrigger bean for a full or incremental sync of a source), and one route from it per
 * {@code caravan.schedule.SOURCE-MODE} key (CARAVAN_SCHEDULE_SOURCE_MODE). Adding a schedule, or a
 * source, means adding a key, not a route. The routes belong to the "service" group: ServiceRoutes
 * starts them when Caravan runs as a service, never for one-shot commands. The trigger key
 * (caravan-sync/KEY) is the schedule's identity in the replicas' shared store (schedule/QuartzScheduling):
 * the same on every replica, never prefixed with an endpoint id. Jobs are stateful, so a fire never
 * overlaps the schedule's previous one (on any replica); a fire due meanwhile runs once after it.
 */
@ApplicationScoped
public class SyncScheduleRoutes extends RouteBuilder {

    static final String TEMPLATE = "sync-schedule";
    static final Pattern KEY = Pattern.compile("([a-z][a-z0-9_]*)-(incremental|full)");
    /**
     * A key as configuration may spell it: an environment variable without a line in
     * application.properties (CARAVAN_SCHEDULE_LEADCONDUIT_FULL) reaches the map as "leadconduit.full".
     */
    private static final Pattern SPELLED = Pattern.compile("([a-z][a-z0-9_]*)[-._](incremental|full)");

    private final CaravanConfig config;

    @Inject
    public SyncScheduleRoutes(CaravanConfig config) {
        this.config = config;
    }

    @Override
    public void configure() {
        routeTemplate(TEMPLATE)
                .templateParameter("name")
                .templateParameter("cron")
                .templateParameter("source")
                .templateParameter("mode")
                .from("quartz:caravan-sync/{{name}}?cron=RAW({{cron}})&stateful=true")
                .group(ServiceRoutes.SERVICE_GROUP)
                .autoStartup(false)
                .routeConfigurationId("caravan-errors")
                .bean("syncTrigger", "{{mode}}('{{source}}', ${header.scheduledFireTime})");

        for (Map.Entry<String, String> schedule : schedules(config.schedule()).entrySet()) {
            Matcher m = KEY.matcher(schedule.getKey());
            m.matches();
            templatedRoute(TEMPLATE)
                    .routeId("sync-" + schedule.getKey())
                    .parameter("name", schedule.getKey())
                    .parameter("cron", schedule.getValue())
                    .parameter("source", m.group(1))
                    .parameter("mode", m.group(2));
        }
    }

    /**
     * The schedules by key (SOURCE-MODE), checked: a key that is not SOURCE-incremental or SOURCE-full
     * (also spelled SOURCE.MODE or SOURCE_MODE, as environment variables arrive) stops the start.
     */
    static Map<String, String> schedules(Map<String, String> configured) {
        Map<String, String> out = new TreeMap<>();
        configured.forEach((spelled, cron) -> {
            Matcher m = SPELLED.matcher(spelled);
            String key = m.matches() ? m.group(1) + "-" + m.group(2) : spelled;
            if (!KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("caravan.schedule." + key + ": a schedule is named SOURCE-incremental"
                        + " or SOURCE-full (e.g. caravan.schedule.genius-incremental, CARAVAN_SCHEDULE_GENIUS_INCREMENTAL)");
            }
            if (cron == null || cron.isBlank()) {
                return; // an empty value turns the schedule off
            }
            out.put(key, cron.strip());
        });
        return out;
    }
}
