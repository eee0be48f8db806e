package dev.caravan.api;

import dev.caravan.api.auth.Role;
import dev.caravan.dedup.DedupBusyException;
import dev.caravan.dedup.DedupInterruptedException;
import dev.caravan.dedup.DedupService;
import dev.caravan.dedup.Unmerger;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * Deduplication over REST: GET reports an object's duplicate groups (a dry run, viewer), POST runs a
 * pass and merges them (operator), DELETE …/merges/KEY undoes one row's merge (operator).
 */
@Path("/api/dedup/{system}/{object}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.VIEWER_ROLE)
public class DedupResource {

    @Inject
    DedupService dedup;

    @GET
    public Response report(@PathParam("system") String system, @PathParam("object") String object,
            @QueryParam("show") @DefaultValue("20") int show) {
        return pass(system, object, true, show);
    }

    @POST
    @RolesAllowed(Role.OPERATOR_ROLE)
    public Response merge(@PathParam("system") String system, @PathParam("object") String object,
            @QueryParam("show") @DefaultValue("20") int show) {
        return pass(system, object, false, show);
    }

    @DELETE
    @Path("/merges/{key}")
    @RolesAllowed(Role.OPERATOR_ROLE)
    public Response unmerge(@PathParam("system") String system, @PathParam("object") String object,
            @PathParam("key") String key) {
        if (key.length() > 512) {
            return error(Response.Status.BAD_REQUEST, "key is longer than 512 characters");
        }
        try {
            dedup.target(system, object);
        } catch (IllegalArgumentException e) {
            return error(Response.Status.NOT_FOUND, e.getMessage());
        }
        try {
            Unmerger.Result r = dedup.unmerge(system, object, key);
            return Response.ok(r).build();
        } catch (Unmerger.NotMergedException e) {
            return error(Response.Status.CONFLICT, e.getMessage());
        }
    }

    private Response pass(String system, String object, boolean dryRun, int show) {
        if (show < 0 || show > 1000) {
            return error(Response.Status.BAD_REQUEST, "show must be between 0 and 1000");
        }
        try {
            dedup.target(system, object);
        } catch (IllegalArgumentException e) {
            return error(Response.Status.NOT_FOUND, e.getMessage());
        }
        try {
            return Response.ok(dedup.run(system, object, dryRun, show)).build();
        } catch (DedupBusyException e) {
            return error(Response.Status.CONFLICT, e.getMessage());
        } catch (DedupInterruptedException e) {
            return error(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
        }
    }

    private static Response error(Response.Status status, String message) {
        return Response.status(status).entity(Map.of("error", message)).type(MediaType.APPLICATION_JSON).build();
    }
}
