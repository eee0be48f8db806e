package dev.caravan.pipeline;

import dev.caravan.definition.ObjectDefinition;
import dev.caravan.warehouse.RunCounts;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Run and row counters for /q/metrics: caravan_runs_total{status} and caravan_rows_total{outcome}. */
@ApplicationScoped
public class RunMetrics {

    private final MeterRegistry registry;

    @Inject
    public RunMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void count(ObjectDefinition d, String status, RunCounts c) {
        registry.counter("caravan.runs", "source", d.system(), "object", d.object(), "status", status).increment();
        rows(d, "inserted", c.inserted);
        rows(d, "updated", c.updated);
        rows(d, "unchanged", c.unchanged);
        rows(d, "rejected", c.rejected);
        rows(d, "held", c.held);
    }

    private void rows(ObjectDefinition d, String outcome, long n) {
        registry.counter("caravan.rows", "source", d.system(), "object", d.object(), "outcome", outcome).increment(n);
    }
}
