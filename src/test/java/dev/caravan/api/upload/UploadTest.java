package dev.caravan.api.upload;

import static dev.caravan.testing.ApiAuth.asOperator;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.testing.Sql;
import dev.caravan.warehouse.Warehouse;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Uploads over real HTTP: bad names, gzip bodies and parts, the size limit after decompression,
 * the bounded queue, retention and resuming (test profile: queue 2, one worker, 4 MB limit).
 */
@QuarkusTest
class UploadTest {

    static final String LEADS = "Lead ID,Email Address,Phone Number,Submission Timestamp\n"
            + "U1,u1@example.com,(512) 867-5309,2025-07-01\n"
            + "U2,u2@example.com,,2025-07-02\n"
            + ",nokey@example.com,,2025-07-03\n";

    @Inject
    Warehouse warehouse;

    @Inject
    UploadQueue queue;

    @Inject
    UploadStore store;

    @Inject
    UploadRetention retention;

    @Inject
    UploadRecovery recovery;

    @BeforeEach
    void fresh() {
        Sql.reset(warehouse);
    }

    @Test
    void badFileNamesAre400() {
        for (String name : List.of("/", "..", "a\r\nb.csv", "evil\u001b[2J.csv", "x".repeat(300) + ".csv")) {
            asOperator().multiPart("file", name, LEADS.getBytes(StandardCharsets.UTF_8), "text/csv")
                    .post("/api/imports/leadconduit/leads").then().statusCode(400).body("error", containsString("file name"));
            // the CRLF case is refused by the multipart parser (a broken part header), also 400
        }
    }

    @Test
    void aGzipRequestBodyIsDecompressedAndImported() throws IOException {
        byte[] body = gzip(multipart("leads.csv", LEADS.getBytes(StandardCharsets.UTF_8)));
        asOperator().contentType("multipart/form-data; boundary=" + BOUNDARY).header("Content-Encoding", "gzip")
                .body(body).queryParam("wait", true).post("/api/imports/leadconduit/leads")
                .then().statusCode(200).body("status", equalTo("completed"))
                .body("inserted", equalTo(2)).body("rejected", equalTo(1));
        assertEquals(2, Sql.count(warehouse, "leadconduit_leads"));
    }

    @Test
    void aGzipFilePartIsDecompressedAndImportedUnderItsPlainName() throws IOException {
        int runId = asOperator().multiPart("file", "leads.csv.gz", gzip(LEADS.getBytes(StandardCharsets.UTF_8)), "application/gzip")
                .queryParam("wait", true).post("/api/imports/leadconduit/leads")
                .then().statusCode(200).body("inserted", equalTo(2)).extract().path("runId");
        asOperator().get("/api/runs/" + runId).then().body("fileName", equalTo("leads.csv"));
        assertEquals(2, Sql.count(warehouse, "leadconduit_leads"));
    }

    @Test
    void gzipBombsOverTheLimitAre413AndOtherEncodings415() throws IOException {
        byte[] huge = bomb(6 * 1024 * 1024);
        asOperator().contentType("multipart/form-data; boundary=" + BOUNDARY).header("Content-Encoding", "gzip")
                .body(gzip(multipart("bomb.csv", huge))).post("/api/imports/leadconduit/leads")
                .then().statusCode(413);
        asOperator().multiPart("file", "bomb.csv.gz", gzip(huge), "application/gzip")
                .post("/api/imports/leadconduit/leads").then().statusCode(413).body("error", containsString("CARAVAN_MAX_UPLOAD"));
        asOperator().multiPart("file", "notgzip.csv.gz", LEADS.getBytes(StandardCharsets.UTF_8))
                .post("/api/imports/leadconduit/leads").then().statusCode(400).body("error", containsString("gzip"));
        asOperator().contentType("multipart/form-data; boundary=" + BOUNDARY).header("Content-Encoding", "compress")
                .body(multipart("leads.csv", LEADS.getBytes(StandardCharsets.UTF_8))).post("/api/imports/leadconduit/leads")
                .then().statusCode(415).body("error", containsString("compress"));
    }

    @Test
    void aFullQueueAnswers429WithRetryAfter() {
        await().atMost(Duration.ofSeconds(30)).until(queue::idle); // earlier tests' imports are done
        CompletableFuture<Void> gate = new CompletableFuture<>();
        List<CompletableFuture<Integer>> blockers = new ArrayList<>();
        try {
            // one task on the only worker and two waiting: the queue (2 in the test profile) is full
            for (int i = 0; i < 3; i++) {
                blockers.add(queue.offer(() -> {
                    gate.join();
                    return 0;
                }).orElseThrow());
                if (i == 0) {
                    await().atMost(Duration.ofSeconds(10)).until(() -> queue.waiting() == 0); // the worker took it
                }
            }
            assertTrue(queue.isFull());
            asOperator().multiPart("file", "leads.csv", LEADS.getBytes(StandardCharsets.UTF_8))
                    .post("/api/imports/leadconduit/leads").then().statusCode(429)
                    .header("Retry-After", equalTo(String.valueOf(UploadQueue.RETRY_AFTER_SECONDS)))
                    .body("error", containsString("CARAVAN_UPLOAD_QUEUE"));
        } finally {
            gate.complete(null);
        }
        blockers.forEach(CompletableFuture::join);
        asOperator().multiPart("file", "leads.csv", LEADS.getBytes(StandardCharsets.UTF_8))
                .post("/api/imports/leadconduit/leads").then().statusCode(202);
    }

    @Test
    void aCompletedUploadsFileIsDeletedAFailedOneKeptUntilRetention() {
        String ok = asOperator().multiPart("file", "leads.csv", LEADS.getBytes(StandardCharsets.UTF_8))
                .post("/api/imports/leadconduit/leads").then().statusCode(202).extract().path("uploadId");
        String bad = asOperator().multiPart("file", "noheader.csv", "nothing,useful\n1,2\n".getBytes(StandardCharsets.UTF_8))
                .post("/api/imports/leadconduit/leads").then().statusCode(202).extract().path("uploadId");
        UploadTicket completed = awaitFinal(ok);
        UploadTicket failed = awaitFinal(bad);
        assertEquals(UploadStatus.COMPLETED, completed.status());
        assertFalse(Files.exists(store.dataFile(completed)), "a completed upload's file is deleted");
        asOperator().get("/api/uploads/" + ok).then().statusCode(200).body("status", equalTo("completed"))
                .body("runId", equalTo(completed.runId().intValue()));
        assertEquals(UploadStatus.FAILED, failed.status());
        assertTrue(failed.error().contains("required"), failed.error());
        assertTrue(Files.exists(store.dataFile(failed)), "a failed upload is kept for a retry");

        retention.sweep();
        assertTrue(Files.exists(store.dataFile(failed)), "still within CARAVAN_UPLOAD_RETENTION");
        store.save(new UploadTicket(failed.id(), failed.system(), failed.object(), failed.fileName(), failed.displayName(),
                false, false, 0, UploadStatus.FAILED, failed.runId(), 1, failed.error(), failed.createdAt(),
                Instant.now().minus(Duration.ofDays(8))));
        retention.sweep();
        assertFalse(Files.exists(store.dataFile(failed)), "older than CARAVAN_UPLOAD_RETENTION: deleted");
        asOperator().get("/api/uploads/" + bad).then().statusCode(404);
    }

    @Test
    void anUploadLeftRunningByADeadProcessIsResumedAtStart() throws IOException {
        String id = UUID.randomUUID().toString();
        UploadTicket left = new UploadTicket(id, "leadconduit", "leads", UploadStore.fileNameFor(id, "leads.csv"),
                "leads.csv", false, false, 0, UploadStatus.RUNNING, 424242L, 1, null, Instant.now(), Instant.now());
        Files.writeString(store.dataFile(left), LEADS);
        store.save(left);
        recovery.onStart(null);
        UploadTicket resumed = awaitFinal(id);
        assertEquals(UploadStatus.COMPLETED, resumed.status());
        assertEquals(2, resumed.attempts());
        assertEquals(2, Sql.count(warehouse, "leadconduit_leads"));
        assertFalse(Files.exists(store.dataFile(resumed)));
    }

    private UploadTicket awaitFinal(String id) {
        await().atMost(Duration.ofSeconds(30)).until(() -> store.find(id).map(t -> t.status().isFinal()).orElse(false));
        return store.find(id).orElseThrow();
    }

    static final String BOUNDARY = "caravan-test-boundary";

    static byte[] multipart(String fileName, byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(content);
        out.write(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    /** A CSV of one header and a long run of the same line: compresses about a thousandfold. */
    static byte[] bomb(int size) {
        byte[] b = new byte[size];
        java.util.Arrays.fill(b, (byte) 'a');
        byte[] header = "Lead ID\n".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(header, 0, b, 0, header.length);
        return b;
    }
}
