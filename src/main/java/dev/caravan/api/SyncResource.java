package dev.caravan.api;

import dev.caravan.api.auth.Role;
import dev.caravan.pipeline.ImportProgress;
import dev.caravan.pipeline.RunSummary;
import dev.caravan.pipeline.UnknownObjectException;
import dev.caravan.status.ObjectState;
import dev.caravan.sync.SourceNotConfiguredException;
import dev.caravan.sync.SyncService;
import dev.caravan.warehouse.Warehouse;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Database syncs over REST: trigger one (202, its runs appear in /api/runs as they start; with
 * wait=true, 200 and the summaries) and see each source's state: configured, running, watermarks
 * and held rows per object.
 */
@Path("/api/syncs")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.VIEWER_ROLE)
public class SyncResource {

    private static final ExecutorService SYNCS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "caravan-rest-sync");
        t.setDaemon(true);
        return t;
    });

    @Inject
    SyncService syncs;

    @Inject
    Warehouse warehouse;

    @POST
    @Path("/{source}")
    @RolesAllowed(Role.OPERATOR_ROLE)
    public Response trigger(@PathParam("source") String source, @QueryParam("table") String table,
            @QueryParam("full") @DefaultValue("false") boolean full, @QueryParam("dryRun") @DefaultValue("false") boolean dryRun,
            @QueryParam("wait") @DefaultValue("false") boolean wait, @QueryParam("since") String since,
            @QueryParam("limit") @DefaultValue("0") long limit, @QueryParam("via") String via) throws Exception {
        java.time.Instant from;
        try {
            from = since == null || since.isBlank() ? null : dev.caravan.cli.SinceOption.parse(since);
        } catch (IllegalArgumentException e) {
            return error(Response.Status.BAD_REQUEST, e.getMessage());
        }
        if (limit < 0) {
            return error(Response.Status.BAD_REQUEST, "limit must be a positive number of records");
        }
        boolean api;
        try {
            syncs.objects(source, table, via);
            api = syncs.isApi(source, via);
            syncs.checkConfigured(source, via);
        } catch (UnknownObjectException e) {
            return error(Response.Status.NOT_FOUND, e.getMessage());
        } catch (SourceNotConfiguredException e) {
            return error(Response.Status.CONFLICT, e.getMessage());
        } catch (IllegalArgumentException e) {
            return error(Response.Status.BAD_REQUEST, e.getMessage());
        }
        if (!api && (from != null || limit > 0)) {
            return error(Response.Status.BAD_REQUEST, "since and limit apply to API sources; " + source + " is a source database");
        }
        dev.caravan.sync.SyncRequest request = new dev.caravan.sync.SyncRequest(source, table, full, dryRun, from, limit, "rest", via);
        if (syncs.isRunning(source)) {
            return error(Response.Status.CONFLICT, "a sync of " + source + " is already running");
        }
        CompletableFuture<List<RunSummary>> done = CompletableFuture.supplyAsync(
                () -> syncs.sync(request, ImportProgress.NONE), SYNCS);
        if (wait) {
            return Response.ok(done.get()).build();
        }
        return Response.accepted(Map.of("source", source, "status", "started", "runs", "/api/runs")).build();
    }

    @GET
    @Path("/{source}")
    public Response state(@PathParam("source") String source) {
        try {
            syncs.objects(source, null);
        } catch (UnknownObjectException e) {
            return error(Response.Status.NOT_FOUND, e.getMessage());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("source", source);
        out.put("configured", syncs.configured(source));
        out.put("kind", syncs.isApi(source) ? "api" : "database");
        out.put("running", syncs.isRunning(source));
        List<Map<String, Object>> states = new ArrayList<>();
        for (var d : syncs.objects(source, null)) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("object", d.qualifiedName());
            s.put("table", syncs.from(d));
            s.put("incremental", d.sync() != null ? d.sync().changedAt() != null : d.http().has("incremental"));
            try (Connection c = warehouse.dataSource().getConnection()) {
                ObjectState st = ObjectState.read(c, d.system(), d.object(), syncs.from(d));
                s.put("watermark", st.watermark() == null ? null : st.watermark().toString());
                s.put("lastRunId", st.watermarkRunId());
                s.put("lastFullRunId", st.lastFullRunId());
                s.put("held", st.held());
                s.put("lastSuccessAt", st.lastSuccessAt() == null ? null : st.lastSuccessAt().toString());
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the sync state: " + e.getMessage(), e);
            }
            states.add(s);
        }
        out.put("objects", states);
        return Response.ok(out).build();
    }

    private static Response error(Response.Status status, String message) {
        return Response.status(status).entity(Map.of("error", message)).type(MediaType.APPLICATION_JSON).build();
    }
}
