package dev.caravan.api;

import dev.caravan.camel.ServiceRoutes;
import dev.caravan.warehouse.Warehouse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when the warehouse answers and the drop-folder routes are running. */
@Readiness
@ApplicationScoped
public class WarehouseReadiness implements HealthCheck {

    @Inject
    Warehouse warehouse;

    @Inject
    ServiceRoutes routes;

    @Override
    public HealthCheckResponse call() {
        boolean db = warehouse.isReachable();
        boolean started = routes.serviceRoutesStarted();
        return HealthCheckResponse.named("caravan")
                .status(db && started)
                .withData("warehouse", warehouse.vendor().id() + (db ? " reachable" : " unreachable"))
                .withData("routes", started ? "started" : "not started")
                .build();
    }
}
