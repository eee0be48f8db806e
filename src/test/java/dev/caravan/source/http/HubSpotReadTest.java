package dev.caravan.source.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Full and incremental reads of HubSpot contacts with the real connection file and the contacts http: block. */
class HubSpotReadTest {

    private final FakeClock clock = new FakeClock();
    private FakeHubSpot hubspot;

    @BeforeEach
    void start() throws IOException {
        hubspot = new FakeHubSpot(clock, 250);
    }

    @AfterEach
    void stop() {
        hubspot.close();
    }

    @Test
    void aFullReadFollowsPagingNextAfterWithLimit100() {
        HttpRecordSource source = HttpRecordSource.full(hubspot.client(clock), Defs.contacts());
        List<HttpPage> pages = new ArrayList<>();
        source.forEachRemaining(pages::add);

        assertEquals(List.of(100, 100, 50), pages.stream().map(p -> p.records().size()).toList());
        assertEquals(PageToken.of("cursor", "100"), pages.get(0).next());
        assertNull(pages.get(2).next());
        List<TestServer.Seen> seen = hubspot.requestsTo("/crm/v3/objects/contacts");
        assertEquals(Map.of("archived", "false", "properties", String.join(",", Defs.contacts().properties()), "limit", "100"),
                seen.get(0).query());
        assertTrue(Defs.contacts().properties().containsAll(List.of("email", "firstname", "lastname", "phone", "lastmodifieddate")));
        assertEquals("200", seen.get(2).query().get("after"));
        assertEquals("Bearer " + Defs.TOKEN, seen.get(0).header("Authorization"));
        assertEquals("contact250@example.com", pages.get(2).records().get(49).at("/properties/email").asText());
    }

    @Test
    void recordsCarryTheirPagesContinuationAndAReadResumesFromIt() {
        HttpRecordSource source = HttpRecordSource.full(hubspot.client(clock), Defs.contacts());
        var it = source.records();
        HttpRecord checkpoint = null;
        for (int i = 0; i < 100; i++) {
            HttpRecord r = it.next();
            assertEquals(i == 99, r.lastOfPage());
            checkpoint = r;
        }
        // killed here, after page 1 was committed: resume from its token
        HttpRecordSource resumed = new HttpRecordSource(hubspot.client(clock), Defs.contacts(), Map.of(), checkpoint.resume(), null, null);
        List<String> ids = new ArrayList<>();
        resumed.records().forEachRemaining(r -> ids.add(r.record().path("id").asText()));

        assertEquals(150, ids.size());
        assertEquals("101", ids.get(0));
        assertEquals("250", ids.get(149));
    }

    @Test
    void anIncrementalReadSearchesFromTheStartMinusLookBackSortedAscending() {
        // contact i changed i minutes after FIRST_CHANGE; ask from minute 205: the look-back (5 min) reaches minute 200
        Instant since = FakeHubSpot.FIRST_CHANGE.plus(Duration.ofMinutes(205));
        HttpRecordSource source = new HttpRecordSource(hubspot.client(clock), Defs.contacts(), Map.of(), null, since, null);
        List<String> ids = new ArrayList<>();
        source.records().forEachRemaining(r -> ids.add(r.record().path("id").asText()));

        assertEquals(51, ids.size(), "contacts 200..250");
        assertEquals("200", ids.get(0));
        assertEquals(FakeHubSpot.FIRST_CHANGE.plus(Duration.ofMinutes(250)), source.maxChanged());
        List<TestServer.Seen> searches = hubspot.requestsTo("/crm/v3/objects/contacts/search");
        assertEquals(1, searches.size());
        JsonNode body = searches.get(0).json();
        assertEquals("POST", searches.get(0).method());
        assertEquals("application/json", searches.get(0).header("Content-Type"));
        JsonNode filter = body.at("/filterGroups/0/filters/0");
        assertEquals("lastmodifieddate", filter.path("propertyName").asText());
        assertEquals("GTE", filter.path("operator").asText());
        assertEquals(Long.toString(since.minus(Duration.ofMinutes(5)).toEpochMilli()), filter.path("value").asText());
        assertEquals("ASCENDING", body.at("/sorts/0/direction").asText());
        assertEquals(200, body.path("limit").asInt());
        assertEquals("email", body.at("/properties/0").asText());
        assertTrue(searches.get(0).query().isEmpty(), "no list-only query on search");
    }

    @Test
    void searchPagesSendAfterInTheBodyAndRespectAnEnd() {
        Instant since = FakeHubSpot.FIRST_CHANGE;
        Instant until = FakeHubSpot.FIRST_CHANGE.plus(Duration.ofMinutes(231));
        HttpRecordSource source = new HttpRecordSource(hubspot.client(clock), Defs.contacts(), Map.of(), null, since.plus(Duration.ofMinutes(5)),
                until);
        List<HttpPage> pages = new ArrayList<>();
        source.forEachRemaining(pages::add);

        assertEquals(List.of(200, 30), pages.stream().map(p -> p.records().size()).toList());
        List<TestServer.Seen> searches = hubspot.requestsTo("/crm/v3/objects/contacts/search");
        assertFalse(searches.get(0).json().has("after"));
        assertEquals("200", searches.get(1).json().path("after").asText());
        JsonNode end = searches.get(0).json().at("/filterGroups/0/filters/1");
        assertEquals("LT", end.path("operator").asText());
        assertEquals(Long.toString(until.toEpochMilli()), end.path("value").asText());
    }

    @Test
    void searchRequestsArePacedByTheSearchBucketToo() {
        hubspot.close();
        try (FakeHubSpot many = new FakeHubSpot(clock, 1000)) {
            HttpRecordSource source = new HttpRecordSource(many.client(clock), Defs.contacts(), Map.of(), null, FakeHubSpot.FIRST_CHANGE, null);
            source.forEachRemaining(p -> { });
            List<Long> at = many.requestsTo("/crm/v3/objects/contacts/search").stream().map(TestServer.Seen::nanos).toList();
            assertEquals(5, at.size());
            // 4 per second (+ 20 ms guard): the fifth search starts 1.02 s after the first, not before
            assertTrue(at.get(4) - at.get(0) >= Duration.ofMillis(1020).toNanos(), at.toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
