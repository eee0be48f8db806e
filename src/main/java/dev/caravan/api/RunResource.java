package dev.caravan.api;

import dev.caravan.api.auth.Role;
import dev.caravan.definition.DefinitionRegistry;
import dev.caravan.definition.ObjectDefinition;
import dev.caravan.replay.ReplayException;
import dev.caravan.replay.ReplayService;
import dev.caravan.replay.ReplaySummary;
import dev.caravan.warehouse.RejectRecord;
import dev.caravan.warehouse.RunLog;
import dev.caravan.warehouse.RunRecord;
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
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * The REST API's read side: list runs, follow a run's progress (with its schema drift and replay link),
 * read its rejects (operators only: they hold raw records), list the objects Caravan knows; and the
 * replay of a run's rejects (operators). Uploads are in {@link UploadResource}.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.VIEWER_ROLE)
public class RunResource {

    @Inject
    RunLog runLog;

    @Inject
    DefinitionRegistry definitions;

    @Inject
    ReplayService replays;

    @GET
    @Path("/runs")
    public List<RunRecord> runs(@QueryParam("limit") @DefaultValue("50") int limit) {
        return runLog.recent(Math.min(limit, 1000));
    }

    @GET
    @Path("/runs/{id}")
    public RunRecord run(@PathParam("id") long id) {
        return runLog.find(id).orElseThrow(() -> new NotFoundException("no run " + id));
    }

    /** Rejected rows carry raw records (personal data): operators only. */
    @GET
    @Path("/runs/{id}/rejects")
    @RolesAllowed(Role.OPERATOR_ROLE)
    public List<RejectRecord> rejects(@PathParam("id") long id, @QueryParam("limit") @DefaultValue("1000") int limit) {
        if (runLog.find(id).isEmpty()) {
            throw new NotFoundException("no run " + id);
        }
        if (limit <= 0) {
            throw new BadRequestException("limit must be positive");
        }
        return runLog.rejectsOf(id, Math.min(limit, 100_000));
    }

    /**
     * Feeds the run's rejected rows again through the object's current definition, as a new run linked
     * to this one; answers when it has ended. 404: no such run; 409: it cannot be replayed (running, a
     * dry run, its object gone, no rejects, none replayable, a replay of it running).
     */
    @POST
    @Path("/runs/{id}/replay")
    @RolesAllowed(Role.OPERATOR_ROLE)
    public Response replay(@PathParam("id") long id, @QueryParam("dryRun") @DefaultValue("false") boolean dryRun) {
        try {
            ReplaySummary summary = replays.replay(id, dryRun);
            return Response.ok(summary).build();
        } catch (ReplayException e) {
            Response.Status status = e.kind() == ReplayException.Kind.NOT_FOUND ? Response.Status.NOT_FOUND
                    : Response.Status.CONFLICT;
            return Response.status(status).entity(Map.of("error", e.getMessage())).type(MediaType.APPLICATION_JSON)
                    .build();
        }
    }

    @GET
    @Path("/objects")
    public List<Map<String, Object>> objects() {
        return definitions.all().stream().map(RunResource::describe).toList();
    }

    private static Map<String, Object> describe(ObjectDefinition d) {
        return Map.of("system", d.system(), "object", d.object(), "table", d.table(), "key", d.key(),
                "description", d.description() == null ? "" : d.description(),
                "columns", d.columns().stream().map(c -> Map.of("name", c.name(), "type", c.type().name().toLowerCase(),
                        "required", c.required(), "aliases", c.aliases())).toList());
    }

}
