package dev.caravan.api.auth;

import static dev.caravan.testing.ApiAuth.asOperator;
import static dev.caravan.testing.ApiAuth.asViewer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.caravan.testing.ApiAuth;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Bearer tokens and roles over real HTTP, with the tokens of %test.caravan.api.tokens. */
@QuarkusTest
class AuthTest {

    @Test
    void withoutATokenTheApiAnswers401WithABearerChallenge() {
        for (String path : new String[] {"/api/runs", "/api/objects", "/api/syncs/genius", "/api/runs/1/rejects"}) {
            given().get(path).then().statusCode(401)
                    .header("WWW-Authenticate", containsString("Bearer"))
                    .contentType("application/json").body("error", containsString("Authorization: Bearer"));
        }
        given().post("/api/syncs/genius").then().statusCode(401);
        given().multiPart("file", "x.csv", "a\n".getBytes()).post("/api/imports/leadconduit/leads").then().statusCode(401);
        given().get("/").then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"));
    }

    @Test
    void aWrongTokenOrAnotherSchemeIs401() {
        given().auth().oauth2("not-a-token").get("/api/runs").then().statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer")).body("error", equalTo("invalid bearer token"));
        given().auth().oauth2("sha256:" + ApiTokensTest.hex(ApiAuth.HASHED_VIEWER)).get("/api/runs").then().statusCode(401);
        given().auth().preemptive().basic("operator", ApiAuth.OPERATOR).get("/api/runs").then().statusCode(401);
    }

    @Test
    void aViewerReadsButCannotReadRejectsImportOrSync() {
        asViewer().get("/api/runs").then().statusCode(200);
        asViewer().get("/api/objects").then().statusCode(200);
        asViewer().get("/api/syncs/genius").then().statusCode(200).body("source", equalTo("genius"));
        asViewer().get("/api/runs/1/rejects").then().statusCode(403).contentType("application/json")
                .body("error", containsString("operator"));
        asViewer().multiPart("file", "x.csv", "a\n".getBytes()).post("/api/imports/leadconduit/leads")
                .then().statusCode(403);
        asViewer().post("/api/syncs/genius").then().statusCode(403);
    }

    @Test
    void aTokenConfiguredAsItsSha256Works() {
        given().auth().oauth2(ApiAuth.HASHED_VIEWER).get("/api/runs").then().statusCode(200);
        given().auth().oauth2(ApiAuth.HASHED_VIEWER).get("/api/runs/1/rejects").then().statusCode(403);
    }

    @Test
    void anOperatorReachesEveryEndpoint() {
        asOperator().get("/api/runs").then().statusCode(200);
        asOperator().get("/api/runs/999999/rejects").then().statusCode(404); // past the role check
        asOperator().post("/api/syncs/genius").then().statusCode(409).body("error", containsString("not configured"));
    }

    @Test
    void healthAndMetricsStayOpen() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }
}
