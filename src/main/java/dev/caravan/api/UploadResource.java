package dev.caravan.api;

import dev.caravan.api.auth.Role;
import dev.caravan.api.upload.UploadImporter;
import dev.caravan.api.upload.UploadNames;
import dev.caravan.api.upload.UploadQueue;
import dev.caravan.api.upload.UploadReceiver;
import dev.caravan.api.upload.UploadStatus;
import dev.caravan.api.upload.UploadStore;
import dev.caravan.api.upload.UploadTicket;
import dev.caravan.pipeline.BatchSizeLimit;
import dev.caravan.pipeline.ImportService;
import dev.caravan.pipeline.RunSummary;
import dev.caravan.pipeline.UnknownObjectException;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.core.multipart.MultipartParser;

/**
 * Uploads: POST a file to import it (or preview it with dryRun=true). It is kept, queued and
 * answered 202 at once with its upload id; GET /api/uploads/{id} says where it is and which run
 * imports it. A full queue answers 429 with Retry-After. With wait=true the answer is the run's
 * summary when it ends (the HTTP thread is not held meanwhile).
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.VIEWER_ROLE)
public class UploadResource {

    @Inject
    ImportService imports;

    @Inject
    dev.caravan.config.CaravanConfig config;

    @Inject
    UploadStore store;

    @Inject
    UploadReceiver receiver;

    @Inject
    UploadQueue queue;

    @Inject
    UploadImporter importer;

    @POST
    @Path("/imports/{system}/{object}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed(Role.OPERATOR_ROLE)
    @Blocking
    public CompletionStage<Response> upload(@PathParam("system") String system, @PathParam("object") String object,
            @RestForm("file") FileUpload file, @HeaderParam("Content-Encoding") String encoding,
            @QueryParam("dryRun") @DefaultValue("false") boolean dryRun,
            @QueryParam("force") @DefaultValue("false") boolean force,
            @QueryParam("batchSize") @DefaultValue("0") int batchSize,
            @QueryParam("wait") @DefaultValue("false") boolean wait) throws IOException {
        // gzip and deflate bodies were decompressed by the HTTP server, which then drops the header
        if (encoding != null && !encoding.isBlank() && !"identity".equalsIgnoreCase(encoding.strip())) {
            return done(error(Response.Status.UNSUPPORTED_MEDIA_TYPE, "Content-Encoding '" + encoding.strip()
                    + "' is not supported: send the body plain or with Content-Encoding: gzip, or a NAME.gz file part"));
        }
        try {
            imports.definition(system, object);
        } catch (UnknownObjectException e) {
            return done(error(Response.Status.NOT_FOUND, e.getMessage()));
        }
        if (file == null || file.uploadedFile() == null) {
            return done(error(Response.Status.BAD_REQUEST, "send the file as multipart/form-data field 'file'"));
        }
        if (batchSize < 0) {
            return done(error(Response.Status.BAD_REQUEST, "batchSize must be positive"));
        }
        if (batchSize > 0) {
            try {
                BatchSizeLimit.check(batchSize, "batchSize", imports.definition(system, object),
                        config.limits().maxBatchSize());
            } catch (IllegalArgumentException e) {
                return done(error(Response.Status.BAD_REQUEST, e.getMessage()));
            }
        }
        String name;
        try {
            name = UploadNames.validate(file.fileName());
        } catch (IllegalArgumentException e) {
            return done(error(Response.Status.BAD_REQUEST, e.getMessage()));
        }
        if (queue.isFull()) {
            return done(busy());
        }
        boolean gzip = UploadNames.isGzip(name) || isGzipType(file.contentType());
        String displayName = UploadNames.withoutGz(name);
        String id = UUID.randomUUID().toString();
        String stored = UploadStore.fileNameFor(id, displayName);
        try {
            receiver.store(file.uploadedFile(), gzip, store.dataFile(stored));
        } catch (UploadReceiver.TooLargeException e) {
            return done(error(Response.Status.REQUEST_ENTITY_TOO_LARGE, e.getMessage()));
        } catch (IllegalArgumentException e) {
            return done(error(Response.Status.BAD_REQUEST, e.getMessage()));
        }
        Instant now = Instant.now();
        UploadTicket ticket = new UploadTicket(id, system, object, stored, displayName, dryRun, force, batchSize,
                UploadStatus.QUEUED, null, 0, null, now, now);
        store.save(ticket);
        Optional<CompletableFuture<RunSummary>> run = queue.offer(() -> importer.run(ticket));
        if (run.isEmpty()) {
            store.delete(ticket);
            return done(busy());
        }
        if (wait) {
            return run.get().handle((summary, failure) -> failure == null ? Response.ok(summary).build()
                    : error(Response.Status.INTERNAL_SERVER_ERROR, "upload " + id + " failed: "
                            + (failure instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                                    ? c.getCause().getMessage() : failure.getMessage())));
        }
        String location = "/api/uploads/" + id;
        return done(Response.accepted(Map.of("uploadId", id, "status", UploadStatus.QUEUED.id(), "location", location))
                .header("Location", location).build());
    }

    @GET
    @Path("/uploads/{id}")
    public UploadTicket upload(@PathParam("id") String id) {
        return store.find(id).orElseThrow(() -> new NotFoundException("no upload " + id));
    }

    /** A part header broken by a raw CR or LF (say in the file name) fails the multipart parser. */
    @ServerExceptionMapper(MultipartParser.MalformedMessageException.class)
    public Response malformed(MultipartParser.MalformedMessageException e) {
        return error(Response.Status.BAD_REQUEST, "malformed multipart body: a part header is broken"
                + " (a file name with a CR or LF?); send the file as form-data field 'file' with a plain file name");
    }

    private static boolean isGzipType(String contentType) {
        String t = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        return t.startsWith("application/gzip") || t.startsWith("application/x-gzip");
    }

    private static Response busy() {
        return Response.status(429).header("Retry-After", UploadQueue.RETRY_AFTER_SECONDS)
                .type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", "too many uploads waiting (CARAVAN_UPLOAD_QUEUE); retry later")).build();
    }

    private static CompletionStage<Response> done(Response response) {
        return CompletableFuture.completedFuture(response);
    }

    private static Response error(Response.Status status, String message) {
        return Response.status(status).entity(Map.of("error", message)).type(MediaType.APPLICATION_JSON).build();
    }
}
