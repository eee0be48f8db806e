package dev.caravan.api;

import dev.caravan.config.CaravanConfig;
import dev.caravan.definition.DefinitionRegistry;
import dev.caravan.definition.ObjectDefinition;
import dev.caravan.pipeline.BatchSizeLimit;
import dev.caravan.pipeline.ImportProgress;
import dev.caravan.pipeline.ImportRequest;
import dev.caravan.pipeline.ImportService;
import dev.caravan.pipeline.RunSummary;
import dev.caravan.pipeline.UnknownObjectException;
import dev.caravan.warehouse.RejectRecord;
import dev.caravan.warehouse.RunLog;
import dev.caravan.warehouse.RunRecord;
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
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutionException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * The REST API: upload a file to import it (or to preview it with dryRun=true), list runs, follow a
 * run's progress, read its rejects, list the objects Caravan knows.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {

    private static final Logger LOG = Logger.getLogger(RunResource.class);
    /** Imports run one at a time off the HTTP threads, in arrival order. */
    private static final ExecutorService IMPORTS = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "caravan-rest-import");
        t.setDaemon(true);
        return t;
    });

    @Inject
    ImportService imports;

    @Inject
    RunLog runLog;

    @Inject
    DefinitionRegistry definitions;

    @Inject
    CaravanConfig config;

    /**
     * Uploads a file and imports it. Answers 202 with the run id as soon as the run is open; poll
     * GET /api/runs/{id}. With wait=true, answers 200 with the summary when the run is over.
     */
    @POST
    @Path("/imports/{system}/{object}")
    @jakarta.ws.rs.Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response upload(@PathParam("system") String system, @PathParam("object") String object,
            @RestForm("file") FileUpload file, @QueryParam("dryRun") @DefaultValue("false") boolean dryRun,
            @QueryParam("force") @DefaultValue("false") boolean force,
            @QueryParam("batchSize") @DefaultValue("0") int batchSize,
            @QueryParam("wait") @DefaultValue("false") boolean wait) throws Exception {
        try {
            imports.definition(system, object);
        } catch (UnknownObjectException e) {
            return error(Response.Status.NOT_FOUND, e.getMessage());
        }
        if (file == null || file.uploadedFile() == null) {
            return error(Response.Status.BAD_REQUEST, "send the file as multipart/form-data field 'file'");
        }
        if (batchSize < 0) {
            return error(Response.Status.BAD_REQUEST, "batchSize must be positive");
        }
        if (batchSize > 0) {
            try {
                BatchSizeLimit.check(batchSize, "batchSize", imports.definition(system, object), config.limits().maxBatchSize());
            } catch (IllegalArgumentException e) {
                return error(Response.Status.BAD_REQUEST, e.getMessage());
            }
        }
        String name = file.fileName() == null || file.fileName().isBlank() ? "upload" : java.nio.file.Path.of(file.fileName()).getFileName().toString();
        java.nio.file.Path dir = config.uploadDir().resolve(system).resolve(object);
        Files.createDirectories(dir);
        java.nio.file.Path kept = dir.resolve(UUID.randomUUID() + "-" + name);
        Files.move(file.uploadedFile(), kept, StandardCopyOption.REPLACE_EXISTING);

        ImportRequest request = new ImportRequest(system, object, kept, name, "rest", dryRun, batchSize, force);
        CompletableFuture<Long> opened = new CompletableFuture<>();
        CompletableFuture<RunSummary> done = CompletableFuture.supplyAsync(() -> imports.run(request, new ImportProgress() {
            @Override
            public void started(long id, long fileSize, long lines) {
                opened.complete(id);
            }
        }), IMPORTS);
        done.whenComplete((summary, failure) -> {
            if (failure != null) {
                opened.completeExceptionally(failure);
                LOG.errorf("Upload %s for %s.%s failed: %s", name, system, object, failure.getMessage());
            }
        });
        long id;
        try {
            if (wait) {
                return Response.ok(done.get()).build();
            }
            id = opened.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IllegalArgumentException bad) {
                return error(Response.Status.BAD_REQUEST, bad.getMessage());
            }
            throw e;
        }
        return Response.accepted(Map.of("runId", id, "status", "running", "location", "/api/runs/" + id))
                .header("Location", "/api/runs/" + id).build();
    }

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

    @GET
    @Path("/runs/{id}/rejects")
    public List<RejectRecord> rejects(@PathParam("id") long id, @QueryParam("limit") @DefaultValue("1000") int limit) {
        if (runLog.find(id).isEmpty()) {
            throw new NotFoundException("no run " + id);
        }
        if (limit <= 0) {
            throw new BadRequestException("limit must be positive");
        }
        return runLog.rejectsOf(id, Math.min(limit, 100_000));
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

    private static Response error(Response.Status status, String message) {
        return Response.status(status).entity(Map.of("error", message)).type(MediaType.APPLICATION_JSON).build();
    }
}
