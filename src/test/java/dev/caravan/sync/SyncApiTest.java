package dev.caravan.sync;

import static dev.caravan.testing.ApiAuth.asOperator;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.caravan.testing.Sql;
import dev.caravan.testing.SyncProfile;
import dev.caravan.testing.TestMariaDb;
import dev.caravan.warehouse.Warehouse;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Triggering a sync and following it over REST. */
@QuarkusTest
@TestProfile(SyncProfile.class)
class SyncApiTest {

    @Inject
    Warehouse warehouse;

    @BeforeEach
    void fresh() throws Exception {
        Sql.reset(warehouse);
        dev.caravan.testing.GeniusFixture.reload(TestMariaDb.get());
    }

    @Test
    void aSyncTriggeredOverRestRunsAndItsStateIsVisible() {
        asOperator().post("/api/syncs/genius?table=divisions&wait=true").then().statusCode(200)
                .body("[0].status", equalTo("completed")).body("[0].mode", equalTo("full"))
                .body("[0].object", equalTo("genius.divisions"));
        asOperator().post("/api/syncs/genius").then().statusCode(202).body("status", equalTo("started"));
        await().atMost(Duration.ofSeconds(60)).until(() ->
                Boolean.FALSE.equals(asOperator().get("/api/syncs/genius").then().extract().path("running")));
        asOperator().get("/api/syncs/genius").then().statusCode(200)
                .body("configured", equalTo(true))
                .body("objects.find { it.object == 'genius.prospects' }.watermark", notNullValue())
                .body("objects.find { it.object == 'genius.prospects' }.held", equalTo(0));
        asOperator().get("/api/runs?limit=100").then().statusCode(200)
                .body("find { it.object == 'services' && it.trigger == 'rest' }.syncMode", notNullValue());
    }

    @Test
    void unknownSourcesAndTablesAreClearErrors() {
        asOperator().post("/api/syncs/nosuch").then().statusCode(404).body("error", containsString("unknown sync source"));
        asOperator().post("/api/syncs/genius?table=nosuch").then().statusCode(404).body("error", containsString("unknown table"));
    }
}
