package dev.caravan.api;

import dev.caravan.alert.Alerts;
import dev.caravan.api.auth.Role;
import dev.caravan.pipeline.UnknownObjectException;
import dev.caravan.quality.QualityResult;
import dev.caravan.quality.QualityRunner;
import dev.caravan.quality.QualityStore;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Data quality over REST: the latest result of each check (GET /api/quality), an evaluation now
 * (POST /api/quality/run, operator) and the open alerts (GET /api/alerts). A scope is
 * {@code ?system=S[&object=O]}; an unknown one is a 404 naming the valid choices.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.VIEWER_ROLE)
public class QualityResource {

    @Inject
    QualityRunner runner;

    @Inject
    QualityStore store;

    @Inject
    Alerts alerts;

    @GET
    @Path("/quality")
    public Response latest(@QueryParam("system") String system, @QueryParam("object") String object) throws SQLException {
        try {
            runner.requireScope(system, object);
        } catch (UnknownObjectException e) {
            return error(Response.Status.NOT_FOUND, e.getMessage());
        }
        return Response.ok(summary(store.latest(system, object))).build();
    }

    @POST
    @Path("/quality/run")
    @RolesAllowed(Role.OPERATOR_ROLE)
    public Response run(@QueryParam("system") String system, @QueryParam("object") String object) {
        try {
            runner.requireScope(system, object);
        } catch (UnknownObjectException e) {
            return error(Response.Status.NOT_FOUND, e.getMessage());
        }
        return Response.ok(summary(runner.evaluateAll(system, object))).build();
    }

    @GET
    @Path("/alerts")
    public List<Alerts.OpenAlert> openAlerts() throws SQLException {
        return alerts.open();
    }

    private static Map<String, Object> summary(List<QualityResult> results) {
        long failed = results.stream().filter(QualityResult::failed).count();
        long warned = results.stream().filter(r -> "warn".equals(r.status())).count();
        return Map.of("checks", results.size(), "failed", failed, "warned", warned, "passed", results.size() - failed - warned,
                "results", results);
    }

    private static Response error(Response.Status status, String message) {
        return Response.status(status).entity(Map.of("error", message)).type(MediaType.APPLICATION_JSON).build();
    }
}
