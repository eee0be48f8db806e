package dev.caravan.api;

import dev.caravan.api.auth.Role;
import dev.caravan.warehouse.SqlFailures;
import dev.caravan.webhook.EventQueue;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Stored webhook events: list them (viewers; no payloads), replay a failed or processed event or
 * every failed one (operators). Receiving is at {@code /webhooks/SYSTEM}, not here.
 */
@Path("/api/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.VIEWER_ROLE)
public class WebhookResource {

    @Inject
    EventQueue queue;

    @GET
    @Path("/events")
    public List<EventQueue.Listed> events(@QueryParam("status") String status, @QueryParam("system") String system,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        check(status, system);
        if (limit <= 0) {
            throw new BadRequestException("limit must be positive");
        }
        return sql(() -> queue.list(status, system, Math.min(limit, 1000)));
    }

    @POST
    @Path("/events/{id}/replay")
    @RolesAllowed(Role.OPERATOR_ROLE)
    public Map<String, Object> replay(@PathParam("id") long id) {
        int n = sql(() -> queue.replay(id, null));
        if (n == 0) {
            throw new NotFoundException("no failed or processed webhook event " + id);
        }
        return Map.of("replayed", n);
    }

    @POST
    @Path("/events/replay")
    @RolesAllowed(Role.OPERATOR_ROLE)
    public Map<String, Object> replayFailed(@QueryParam("system") String system) {
        check(null, system);
        return Map.of("replayed", sql(() -> queue.replay(null, system)));
    }

    private static void check(String status, String system) {
        String problem = EventQueue.filterProblem(status, system);
        if (problem != null) {
            throw new BadRequestException(problem);
        }
    }

    private interface Query<T> {
        T run() throws SQLException;
    }

    private static <T> T sql(Query<T> q) {
        try {
            return q.run();
        } catch (SQLException e) {
            throw new jakarta.ws.rs.ServiceUnavailableException("the warehouse is unavailable: " + SqlFailures.summary(e), 30L, e);
        }
    }
}
