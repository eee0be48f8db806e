package dev.caravan.api;

import static dev.caravan.testing.ApiAuth.asOperator;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import dev.caravan.testing.Sql;
import dev.caravan.warehouse.Warehouse;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST API over real HTTP: upload, dry-run, runs, progress, rejects, health, metrics. */
@QuarkusTest
class RestApiTest {

    @Inject
    Warehouse warehouse;

    Path file;

    @BeforeEach
    void setUp() throws IOException {
        Sql.reset(warehouse);
        Path dir = Files.createDirectories(Path.of("target/test-files/rest"));
        file = dir.resolve("leads.csv");
        Files.writeString(file, "Lead ID,Email Address,Phone Number,Submission Timestamp\n"
                + "R1,r1@example.com,(512) 867-5309,2025-07-01\n"
                + "R2,r2@example.com,12,2025-07-02\n"
                + ",nokey@example.com,,2025-07-03\n");
    }

    @Test
    void aDryRunUploadReportsWithoutWriting() {
        asOperator().multiPart("file", file.toFile()).queryParam("dryRun", true).queryParam("wait", true)
                .when().post("/api/imports/leadconduit/leads")
                .then().statusCode(200)
                .body("status", equalTo("completed")).body("dryRun", equalTo(true))
                .body("inserted", equalTo(2)).body("rejected", equalTo(1));
        org.junit.jupiter.api.Assertions.assertEquals(0, Sql.count(warehouse, "leadconduit_leads"));
    }

    @Test
    void anUploadRunsInTheBackgroundAndItsRunAndRejectsCanBeRead() {
        String uploadId = asOperator().multiPart("file", file.toFile())
                .when().post("/api/imports/leadconduit/leads")
                .then().statusCode(202).header("Location", containsString("/api/uploads/"))
                .body("status", equalTo("queued")).extract().path("uploadId");
        await().atMost(Duration.ofSeconds(20)).until(() ->
                "completed".equals(asOperator().get("/api/uploads/" + uploadId).then().extract().path("status")));
        int runId = asOperator().get("/api/uploads/" + uploadId).then().extract().path("runId");
        asOperator().get("/api/runs/" + runId).then().statusCode(200)
                .body("inserted", equalTo(2)).body("rejected", equalTo(1)).body("percent", equalTo(100.0f))
                .body("fileName", equalTo("leads.csv")).body("trigger", equalTo("rest"));
        asOperator().get("/api/runs/" + runId + "/rejects").then().statusCode(200)
                .body("$", hasSize(2))
                .body("find { it.action == 'rejected' }.line", equalTo(4))
                .body("find { it.action == 'nulled' }.column", equalTo("phone"));
        asOperator().get("/api/runs").then().statusCode(200).body("size()", greaterThanOrEqualTo(1));
    }

    @Test
    void aBatchSizeOverTheMaximumIsABadRequest() {
        asOperator().multiPart("file", file.toFile()).queryParam("batchSize", Integer.MAX_VALUE).queryParam("wait", true)
                .when().post("/api/imports/leadconduit/leads")
                .then().statusCode(400).body("error", containsString("batch size 2147483647 (batchSize)"))
                .body("error", containsString("at most 50000"));
    }

    @Test
    void unknownObjectsAndMissingRunsAreClearErrors() {
        asOperator().multiPart("file", file.toFile()).when().post("/api/imports/leadconduit/nope")
                .then().statusCode(404).body("error", containsString("valid objects: events, leads"));
        asOperator().get("/api/runs/999999").then().statusCode(404);
    }

    @Test
    void healthAndMetricsAreServed() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'caravan' }.data.warehouse", containsString("reachable"));
        asOperator().multiPart("file", file.toFile()).queryParam("wait", true).post("/api/imports/leadconduit/leads")
                .then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("caravan_runs_total")).body(containsString("caravan_rows_total"));
    }

    @Test
    void theObjectsAreListed() {
        asOperator().get("/api/objects").then().statusCode(200)
                .body("find { it.system == 'leadconduit' && it.object == 'leads' }.table", equalTo("leadconduit_leads"));
    }
}
