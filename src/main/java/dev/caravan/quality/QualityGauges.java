package dev.caravan.quality;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Prometheus gauges per object and check: caravan_quality_status{system,object,check} (0 pass,
 * 1 warn, 2 fail, 3 error) and caravan_quality_observed{…} (the observed value), from the latest
 * evaluation this process made or read at start.
 */
@ApplicationScoped
public class QualityGauges {

    private static final Logger LOG = Logger.getLogger(QualityGauges.class);
    private final MeterRegistry registry;
    private final Map<String, double[]> values = new ConcurrentHashMap<>();

    @Inject
    public QualityGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A replica that starts shows the stored results until it evaluates again itself (the service only: metrics). */
    void onStart(@Observes StartupEvent event, QualityStore store, dev.caravan.config.Invocation invocation) {
        if (!invocation.service()) {
            return;
        }
        try {
            record(store.latest(null, null));
        } catch (SQLException | RuntimeException e) {
            LOG.debugf("Quality gauges start empty: the stored results cannot be read (%s)", e.getMessage());
        }
    }

    public void record(List<QualityResult> results) {
        for (QualityResult r : results) {
            String id = r.system() + "\u0000" + r.object() + "\u0000" + r.check();
            double[] v = values.computeIfAbsent(id, k -> register(r));
            v[0] = r.level();
            v[1] = r.observed() == null ? Double.NaN : r.observed();
        }
    }

    private double[] register(QualityResult r) {
        double[] v = {Double.NaN, Double.NaN};
        Gauge.builder("caravan.quality.status", v, a -> a[0]).tags("system", r.system(), "object", r.object(), "check", r.check())
                .description("Latest data-quality result: 0 pass, 1 warn, 2 fail, 3 error").register(registry);
        Gauge.builder("caravan.quality.observed", v, a -> a[1]).tags("system", r.system(), "object", r.object(), "check", r.check())
                .description("Latest observed value of a data-quality check").register(registry);
        return v;
    }
}
