package dev.caravan.testing.hubspot;

import static dev.caravan.testing.hubspot.HubSpotObjectType.APPOINTMENTS;
import static dev.caravan.testing.hubspot.HubSpotObjectType.COMPANIES;
import static dev.caravan.testing.hubspot.HubSpotObjectType.CONTACTS;
import static dev.caravan.testing.hubspot.HubSpotObjectType.DEALS;
import static dev.caravan.testing.hubspot.HubSpotObjectType.TICKETS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HubSpot fake against a real HTTP client: shapes, paging, search cap, limits, tokens, associations, faults. */
class FakeHubSpotTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "pat-na1-test-token";

    private FakeHubSpot hubspot;
    private HttpClient http;

    @BeforeEach
    void start() {
        hubspot = FakeHubSpot.start();
        hubspot.privateAppToken(TOKEN);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        hubspot.close();
    }

    // ------------------------------------------------------------------ list

    @Test
    void listPagingReturnsEveryRecordExactlyOnce() throws Exception {
        Set<String> seeded = hubspot.seed(CONTACTS, 1_050).stream().map(FakeRecord::idString).collect(Collectors.toSet());
        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            String q = "/crm/v3/objects/contacts?limit=100" + (after == null ? "" : "&after=" + enc(after));
            HttpResponse<String> r = get(q, TOKEN);
            assertEquals(200, r.statusCode());
            JsonNode body = JSON.readTree(r.body());
            body.path("results").forEach(o -> seen.add(o.path("id").asText()));
            JsonNode next = body.path("paging").path("next");
            after = next.isMissingNode() ? null : next.path("after").asText();
            if (after != null) {
                assertEquals("?after=" + enc(after), next.path("link").asText());
            }
            pages++;
        } while (after != null);
        assertEquals(11, pages);
        assertEquals(1_050, seen.size());
        assertEquals(seeded, new HashSet<>(seen), "every record exactly once");
        assertEquals(11, hubspot.count(FakeHubSpot.list(CONTACTS)));
    }

    @Test
    void listRecordShapeAndPropertySelection() throws Exception {
        hubspot.seed(CONTACTS, 3);
        JsonNode first = JSON.readTree(get("/crm/v3/objects/contacts", TOKEN).body()).path("results").get(0);
        assertEquals(Set.of("id", "properties", "createdAt", "updatedAt", "archived"), fields(first));
        assertEquals(Set.of("createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"),
                fields(first.path("properties")), "contacts' default properties");
        assertEquals(first.path("id").asText(), first.path("properties").path("hs_object_id").asText());
        assertEquals(first.path("updatedAt").asText(), first.path("properties").path("lastmodifieddate").asText());
        assertFalse(first.path("archived").asBoolean());

        JsonNode picked = JSON.readTree(get("/crm/v3/objects/contacts?properties=email,phone,lifecyclestage,nosuchprop",
                TOKEN).body()).path("results").get(0).path("properties");
        assertEquals(Set.of("email", "phone", "lifecyclestage", "createdate", "lastmodifieddate", "hs_object_id"),
                fields(picked), "asked properties plus the dates and id; unknown names ignored");

        JsonNode repeated = JSON.readTree(get("/crm/v3/objects/contacts?properties=email&properties=phone", TOKEN).body())
                .path("results").get(0).path("properties");
        assertTrue(repeated.has("email") && repeated.has("phone"), "repeated form, as HubSpot's Python client sends");

        hubspot.seed(DEALS, 2);
        JsonNode deal = JSON.readTree(get("/crm/v3/objects/deals?properties=dealname,amount,dealstage,closedate,pipeline",
                TOKEN).body()).path("results").get(0).path("properties");
        assertTrue(deal.has("hs_lastmodifieddate") && !deal.has("lastmodifieddate"), "other objects: hs_lastmodifieddate");
        assertTrue(deal.path("amount").asText().matches("\\d+\\.\\d{2}"));
    }

    @Test
    void listLimitIsCappedAt100() throws Exception {
        hubspot.seed(COMPANIES, 250);
        JsonNode page = JSON.readTree(get("/crm/v3/objects/companies?limit=500", TOKEN).body());
        assertEquals(100, page.path("results").size(), "clamped by default");
        assertEquals(10, JSON.readTree(get("/crm/v3/objects/companies", TOKEN).body()).path("results").size(),
                "default limit 10");

        hubspot.limitPolicy(FakeHubSpot.LimitPolicy.REJECT);
        HttpResponse<String> rejected = get("/crm/v3/objects/companies?limit=500", TOKEN);
        assertEquals(400, rejected.statusCode());
        assertErrorShape(JSON.readTree(rejected.body()), "VALIDATION_ERROR");
    }

    @Test
    void archivedRecordsAreListedOnlyWithArchivedTrue() throws Exception {
        hubspot.seed(TICKETS, 40);
        Instant when = Instant.parse("2025-02-01T12:00:00Z");
        List<String> archived = hubspot.archive(TICKETS, 5, when);

        Set<String> live = listAll("/crm/v3/objects/tickets?limit=100");
        assertEquals(35, live.size());
        assertTrue(live.stream().noneMatch(archived::contains));

        JsonNode page = JSON.readTree(get("/crm/v3/objects/tickets?archived=true&limit=100", TOKEN).body());
        assertEquals(Set.copyOf(archived), ids(page));
        for (JsonNode o : page.path("results")) {
            assertTrue(o.path("archived").asBoolean());
            assertEquals("2025-02-01T12:00:00.000Z", o.path("archivedAt").asText());
        }
        assertEquals(404, get("/crm/v3/objects/tickets/" + archived.get(0), TOKEN).statusCode());
        assertEquals(200, get("/crm/v3/objects/tickets/" + archived.get(0) + "?archived=true", TOKEN).statusCode());
    }

    @Test
    void appointmentsAnswerByNameByObjectTypeIdAndOnTheirSpecPath() throws Exception {
        hubspot.seed(APPOINTMENTS, 4);
        Set<String> byName = ids(JSON.readTree(get("/crm/v3/objects/appointments", TOKEN).body()));
        assertEquals(4, byName.size());
        assertEquals(byName, ids(JSON.readTree(get("/crm/v3/objects/0-421", TOKEN).body())));
        assertEquals(byName, ids(JSON.readTree(get("/crm/objects/v3/appointments", TOKEN).body())));
        JsonNode props = JSON.readTree(get("/crm/v3/objects/0-421?properties=hs_appointment_name,hs_appointment_start",
                TOKEN).body()).path("results").get(0).path("properties");
        assertTrue(props.path("hs_appointment_name").asText().startsWith("Appointment "));
        assertEquals(4, hubspot.count(FakeHubSpot.list(APPOINTMENTS)), "all three spellings count as one endpoint");
        HttpResponse<String> bad = get("/crm/v3/objects/contactz", TOKEN);
        assertEquals(400, bad.statusCode());
    }

    // ------------------------------------------------------------------ search

    @Test
    void searchFiltersOnLastModifiedAndSortsAscending() throws Exception {
        hubspot.seed(CONTACTS, 500);
        Instant changedAt = Instant.parse("2025-03-01T10:00:00Z");
        List<String> changed = hubspot.modify(CONTACTS, 37, changedAt);

        String body = """
                {"filterGroups":[{"filters":[{"propertyName":"lastmodifieddate","operator":"GTE","value":"%d"}]}],
                 "sorts":[{"propertyName":"lastmodifieddate","direction":"ASCENDING"}],
                 "properties":["email","lifecyclestage"],"limit":200}
                """.formatted(changedAt.toEpochMilli());
        HttpResponse<String> r = post("/crm/v3/objects/contacts/search", body, TOKEN);
        assertEquals(200, r.statusCode());
        JsonNode page = JSON.readTree(r.body());
        assertEquals(37, page.path("total").asInt());
        assertEquals(Set.copyOf(changed), ids(page));
        assertTrue(page.path("paging").isMissingNode(), "no paging on the last page");
        JsonNode o = page.path("results").get(0);
        assertEquals(Set.of("email", "lifecyclestage", "createdate", "lastmodifieddate", "hs_object_id"),
                fields(o.path("properties")));

        // a window in 2024 with LT/GT, sorted descending, paged by 'after'
        long lo = Instant.parse("2024-06-01T00:00:00Z").toEpochMilli();
        long hi = Instant.parse("2024-09-01T00:00:00Z").toEpochMilli();
        String window = """
                {"filterGroups":[{"filters":[
                   {"propertyName":"lastmodifieddate","operator":"GT","value":"%d"},
                   {"propertyName":"lastmodifieddate","operator":"LT","value":"%d"}]}],
                 "sorts":[{"propertyName":"lastmodifieddate","direction":"DESCENDING"}],"limit":%d,"after":"%s"}
                """;
        JsonNode p1 = JSON.readTree(post("/crm/v3/objects/contacts/search", window.formatted(lo, hi, 10, "0"), TOKEN).body());
        int total = p1.path("total").asInt();
        assertTrue(total > 10, "the window holds more than a page: " + total);
        assertEquals("10", p1.path("paging").path("next").path("after").asText());
        List<Long> stamps = new ArrayList<>();
        p1.path("results").forEach(x -> stamps.add(Instant.parse(x.path("updatedAt").asText()).toEpochMilli()));
        for (int i = 1; i < stamps.size(); i++) {
            assertTrue(stamps.get(i - 1) >= stamps.get(i), "descending");
        }
        assertTrue(stamps.stream().allMatch(t -> t > lo && t < hi));
        JsonNode p2 = JSON.readTree(post("/crm/v3/objects/contacts/search", window.formatted(lo, hi, 10, "10"), TOKEN).body());
        Set<String> both = ids(p1);
        both.retainAll(ids(p2));
        assertTrue(both.isEmpty(), "pages do not overlap");

        // other objects filter on hs_lastmodifieddate; EQ on an enumeration
        hubspot.seed(DEALS, 60);
        JsonNode won = JSON.readTree(post("/crm/v3/objects/deals/search", """
                {"filterGroups":[{"filters":[{"propertyName":"dealstage","operator":"EQ","value":"closedwon"},
                  {"propertyName":"hs_lastmodifieddate","operator":"LTE","value":"2025-01-01T00:00:00Z"}]}],"limit":100}
                """, TOKEN).body());
        assertTrue(won.path("total").asInt() > 0);
        won.path("results").forEach(x -> assertEquals("closedwon", x.path("properties").path("dealstage").asText()));
    }

    @Test
    void searchTakesTopLevelFiltersAndNumericValuesAsAirbyteSendsThem() throws Exception {
        hubspot.seed(DEALS, 200);
        Instant changedAt = Instant.parse("2025-04-01T00:00:00Z");
        List<String> changed = hubspot.modify(DEALS, 12, changedAt);
        String body = """
                {"filters":[{"value":%d,"propertyName":"hs_lastmodifieddate","operator":"GTE"}],
                 "sorts":[{"propertyName":"hs_lastmodifieddate","direction":"ASCENDING"}],
                 "properties":["dealname"],"limit":100,"after":0}
                """.formatted(changedAt.toEpochMilli());
        JsonNode page = JSON.readTree(post("/crm/v3/objects/deals/search", body, TOKEN).body());
        assertEquals(12, page.path("total").asInt());
        assertEquals(Set.copyOf(changed), ids(page));
    }

    @Test
    void searchPastTenThousandAnswers400AndTotalCountsEverything() throws Exception {
        hubspot.seed(CONTACTS, 10_050, Instant.parse("2024-05-01T00:00:00Z"), Instant.parse("2024-05-02T00:00:00Z"));
        String template = """
                {"filterGroups":[{"filters":[{"propertyName":"lastmodifieddate","operator":"GTE","value":"%d"}]}],
                 "sorts":[{"propertyName":"lastmodifieddate","direction":"ASCENDING"}],"limit":200,"after":"%s"}
                """;
        long from = Instant.parse("2024-05-01T00:00:00Z").toEpochMilli();
        JsonNode last = JSON.readTree(post("/crm/v3/objects/contacts/search", template.formatted(from, "9800"), TOKEN).body());
        assertEquals(10_050, last.path("total").asInt(), "total counts every match");
        assertEquals(200, last.path("results").size());
        assertEquals("10000", last.path("paging").path("next").path("after").asText(),
                "the cursor still points past the cap, as a naive client would follow it");

        HttpResponse<String> past = post("/crm/v3/objects/contacts/search", template.formatted(from, "10000"), TOKEN);
        assertEquals(400, past.statusCode());
        assertErrorShape(JSON.readTree(past.body()), "VALIDATION_ERROR");

        // a narrower window stays under the cap and pages to its end
        long mid = Instant.parse("2024-05-01T12:00:00Z").toEpochMilli();
        String narrow = """
                {"filterGroups":[{"filters":[{"propertyName":"lastmodifieddate","operator":"GTE","value":"%d"},
                  {"propertyName":"lastmodifieddate","operator":"LT","value":"%d"}]}],"limit":200,"after":"0"}
                """.formatted(from, mid);
        JsonNode half = JSON.readTree(post("/crm/v3/objects/contacts/search", narrow, TOKEN).body());
        assertTrue(half.path("total").asInt() < 10_000);
    }

    @Test
    void searchCapCanBeLoweredForSmallTests() throws Exception {
        hubspot.searchResultCap(100).seed(COMPANIES, 150);
        JsonNode p = JSON.readTree(post("/crm/v3/objects/companies/search", "{\"limit\":100}", TOKEN).body());
        assertEquals(150, p.path("total").asInt());
        assertEquals("100", p.path("paging").path("next").path("after").asText());
        assertEquals(400, post("/crm/v3/objects/companies/search", "{\"limit\":100,\"after\":\"100\"}", TOKEN).statusCode());
    }

    @Test
    void searchLimitIsCappedAt200AndFilterCountsAreChecked() throws Exception {
        hubspot.seed(TICKETS, 300);
        JsonNode p = JSON.readTree(post("/crm/v3/objects/tickets/search", "{\"limit\":1000}", TOKEN).body());
        assertEquals(200, p.path("results").size());
        assertEquals(10, JSON.readTree(post("/crm/v3/objects/tickets/search", "{}", TOKEN).body()).path("results").size(),
                "default 10 per page");
        String group = "{\"filters\":[{\"propertyName\":\"hs_pipeline\",\"operator\":\"EQ\",\"value\":\"0\"}]}";
        String six = "{\"filterGroups\":[" + String.join(",", java.util.Collections.nCopies(6, group)) + "]}";
        HttpResponse<String> r = post("/crm/v3/objects/tickets/search", six, TOKEN);
        assertEquals(400, r.statusCode());
        assertErrorShape(JSON.readTree(r.body()), "VALIDATION_ERROR");
        assertEquals(400, post("/crm/v3/objects/tickets/search", "{\"after\":\"abc\"}", TOKEN).statusCode());
    }

    @Test
    void searchExcludesArchivedAndLagsBehindChanges() throws Exception {
        hubspot.seed(COMPANIES, 20);
        List<String> gone = hubspot.archive(COMPANIES, 3, Instant.now());
        JsonNode all = JSON.readTree(post("/crm/v3/objects/companies/search", "{\"limit\":100}", TOKEN).body());
        assertEquals(17, all.path("total").asInt());
        assertTrue(ids(all).stream().noneMatch(gone::contains));

        hubspot.searchIndexLag(Duration.ofSeconds(3));
        Instant now = Instant.now();
        List<String> changed = hubspot.modify(COMPANIES, 2, now);
        String q = """
                {"filterGroups":[{"filters":[{"propertyName":"hs_lastmodifieddate","operator":"GTE","value":"%d"}]}]}
                """.formatted(now.toEpochMilli());
        assertEquals(0, JSON.readTree(post("/crm/v3/objects/companies/search", q, TOKEN).body()).path("total").asInt(),
                "not indexed yet");
        Thread.sleep(3_100);
        assertEquals(Set.copyOf(changed), ids(JSON.readTree(post("/crm/v3/objects/companies/search", q, TOKEN).body())));
    }

    // ------------------------------------------------------------------ rate limits

    @Test
    void generalLimitAnswers429WithHubSpotsBodyAndHeaders() throws Exception {
        hubspot.seed(CONTACTS, 5);
        hubspot.generalLimit(4, Duration.ofSeconds(10));
        int remaining = -1;
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> ok = get("/crm/v3/objects/contacts", TOKEN);
            assertEquals(200, ok.statusCode());
            assertEquals("10000", header(ok, "X-HubSpot-RateLimit-Interval-Milliseconds"));
            assertEquals("4", header(ok, "X-HubSpot-RateLimit-Max"));
            remaining = Integer.parseInt(header(ok, "X-HubSpot-RateLimit-Remaining"));
            assertEquals("500000", header(ok, "X-HubSpot-RateLimit-Daily"), "private apps see the daily headers");
        }
        assertEquals(0, remaining);
        HttpResponse<String> limited = get("/crm/v3/objects/contacts", TOKEN);
        assertEquals(429, limited.statusCode());
        JsonNode b = JSON.readTree(limited.body());
        assertEquals("error", b.path("status").asText());
        assertEquals("You have reached your ten_secondly_rolling limit.", b.path("message").asText());
        assertEquals("TEN_SECONDLY_ROLLING", b.path("policyName").asText());
        assertEquals("RATE_LIMIT", b.path("errorType").asText());
        assertEquals("RATE_LIMITS", b.path("category").asText());
        assertFalse(b.path("correlationId").asText().isEmpty());
        assertTrue(limited.headers().firstValue("Retry-After").isEmpty(), "no Retry-After by default");
        assertEquals(1, hubspot.rateLimitedCount());

        hubspot.retryAfter(FakeHubSpot.RetryAfter.COMPUTED);
        HttpResponse<String> withHeader = get("/crm/v3/objects/contacts", TOKEN);
        assertEquals(429, withHeader.statusCode());
        long wait = Long.parseLong(header(withHeader, "Retry-After"));
        assertTrue(wait >= 1 && wait <= 10, "seconds until the window frees: " + wait);
        assertEquals(2, hubspot.rateLimitedCount());
    }

    @Test
    void searchHasItsOwnPerSecondLimitAndLeavesTheGeneralOneAlone() throws Exception {
        hubspot.seed(DEALS, 5);
        hubspot.searchLimit(2, Duration.ofSeconds(3)).generalLimit(50, Duration.ofSeconds(10));
        assertEquals(200, post("/crm/v3/objects/deals/search", "{}", TOKEN).statusCode());
        HttpResponse<String> second = post("/crm/v3/objects/deals/search", "{}", TOKEN);
        assertEquals(200, second.statusCode());
        assertEquals("50", header(second, "X-HubSpot-RateLimit-Remaining"), "search is exempt from ten-secondly");
        HttpResponse<String> third = post("/crm/v3/objects/deals/search", "{}", TOKEN);
        assertEquals(429, third.statusCode());
        JsonNode b = JSON.readTree(third.body());
        assertEquals("You have reached your secondly limit.", b.path("message").asText());
        assertEquals("RATE_LIMITS", b.path("category").asText());
        Thread.sleep(3_100);
        assertEquals(200, post("/crm/v3/objects/deals/search", "{}", TOKEN).statusCode(), "the window rolls on");
    }

    @Test
    void injected429StormAndFixedRetryAfter() throws Exception {
        hubspot.seed(CONTACTS, 5);
        hubspot.retryAfterFixed(2).faults().rateLimitNext(FakeHubSpot.list(CONTACTS), 3);
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = get("/crm/v3/objects/contacts", TOKEN);
            assertEquals(429, r.statusCode());
            assertEquals("2", header(r, "Retry-After"));
        }
        assertEquals(200, get("/crm/v3/objects/contacts", TOKEN).statusCode());
        assertEquals(3, hubspot.rateLimitedCount());
    }

    // ------------------------------------------------------------------ auth

    @Test
    void expiredTokenGets401ThenRefreshGivesAWorkingOne() throws Exception {
        hubspot.seed(CONTACTS, 3);
        hubspot.oauthApp("client-1", "secret-1").refreshToken("rt-1").accessTokenMaxUses(2);
        JsonNode grant = refresh("client-1", "secret-1", "rt-1");
        assertEquals("bearer", grant.path("token_type").asText());
        assertEquals("rt-1", grant.path("refresh_token").asText(), "HubSpot keeps the refresh token");
        assertEquals(1800, grant.path("expires_in").asLong());
        String first = grant.path("access_token").asText();

        assertEquals(200, get("/crm/v3/objects/contacts", first).statusCode());
        assertEquals(200, get("/crm/v3/objects/contacts", first).statusCode());
        HttpResponse<String> expired = get("/crm/v3/objects/contacts", first);
        assertEquals(401, expired.statusCode());
        JsonNode e = JSON.readTree(expired.body());
        assertErrorShape(e, "EXPIRED_AUTHENTICATION");
        assertTrue(e.path("message").asText().startsWith("The OAuth token used to make this call expired "));
        assertTrue(e.path("context").path("expire time").isArray());

        String second = refresh("client-1", "secret-1", "rt-1").path("access_token").asText();
        assertNotEquals(first, second);
        assertEquals(200, get("/crm/v3/objects/contacts", second).statusCode());
        assertEquals(List.of(first, second), hubspot.tokensSeen());
        assertEquals(2, hubspot.tokenGrants());
        assertEquals(2, hubspot.count(FakeHubSpot.TOKEN));
        assertTrue(expired.headers().firstValue("X-HubSpot-RateLimit-Daily").isEmpty(), "no Daily headers for OAuth");
    }

    @Test
    void tokensExpireAfterTheirLifetimeAndBadGrantsAre400() throws Exception {
        hubspot.oauthApp("c", "s").refreshToken("rt").accessTokenLifetime(Duration.ofSeconds(3));
        JsonNode grant = refresh("c", "s", "rt");
        assertEquals(3, grant.path("expires_in").asLong());
        String token = grant.path("access_token").asText();
        assertEquals(200, get("/crm/v3/objects/deals", token).statusCode());
        Thread.sleep(3_100);
        assertEquals(401, get("/crm/v3/objects/deals", token).statusCode());

        HttpResponse<String> bad = postForm("grant_type=refresh_token&client_id=c&client_secret=s&refresh_token=nope");
        assertEquals(400, bad.statusCode());
        JsonNode b = JSON.readTree(bad.body());
        assertEquals("BAD_REFRESH_TOKEN", b.path("status").asText());
        assertEquals("missing or unknown refresh token", b.path("message").asText());
        assertEquals("BAD_CLIENT_ID", JSON.readTree(postForm(
                "grant_type=refresh_token&client_id=x&client_secret=s&refresh_token=rt").body()).path("status").asText());

        hubspot.expireAccessTokens();
        hubspot.accessTokenLifetime(Duration.ofMinutes(30));
        String fresh = refresh("c", "s", "rt").path("access_token").asText();
        assertEquals(200, get("/crm/v3/objects/deals", fresh).statusCode());
    }

    @Test
    void missingOrUnknownTokensGet401() throws Exception {
        HttpResponse<String> none = get("/crm/v3/objects/contacts", null);
        assertEquals(401, none.statusCode());
        JsonNode b = JSON.readTree(none.body());
        assertErrorShape(b, "INVALID_AUTHENTICATION");
        assertTrue(b.path("message").asText().startsWith("Authentication credentials not found."));
        assertEquals(401, get("/crm/v3/objects/contacts", "pat-na1-unknown").statusCode());
        hubspot.revoke(TOKEN);
        assertEquals(401, get("/crm/v3/objects/contacts", TOKEN).statusCode());
        assertEquals(List.of("pat-na1-unknown", TOKEN), hubspot.tokensSeen());
    }

    // ------------------------------------------------------------------ associations

    @Test
    void associationsBatchReadHasHubSpotsShape() throws Exception {
        hubspot.seedAll(10);
        List<FakeRecord> contacts = hubspot.data().all(CONTACTS);
        List<FakeRecord> companies = hubspot.data().all(COMPANIES);
        String c0 = contacts.get(0).idString();
        HttpResponse<String> r = post("/crm/v4/associations/contacts/companies/batch/read",
                "{\"inputs\":[{\"id\":\"" + c0 + "\"}]}", TOKEN);
        assertEquals(200, r.statusCode());
        JsonNode b = JSON.readTree(r.body());
        assertEquals("COMPLETE", b.path("status").asText());
        assertTrue(b.has("startedAt") && b.has("completedAt"));
        JsonNode res = b.path("results").get(0);
        assertEquals(c0, res.path("from").path("id").asText());
        JsonNode to = res.path("to").get(0);
        assertTrue(to.path("toObjectId").isNumber());
        assertEquals(companies.get(0).id(), to.path("toObjectId").asLong());
        JsonNode types = to.path("associationTypes");
        assertEquals(2, types.size());
        assertEquals("HUBSPOT_DEFINED", types.get(0).path("category").asText());
        assertEquals(1, types.get(0).path("typeId").asInt(), "contact to company (primary)");
        assertEquals("Primary", types.get(0).path("label").asText());
        assertEquals(279, types.get(1).path("typeId").asInt(), "contact to company, unlabeled");
        assertTrue(types.get(1).path("label").isNull());
        assertTrue(res.path("paging").isMissingNode());

        // deals to contacts: two contacts, type 3; singular names and objectTypeIds work in the path
        String d0 = hubspot.data().all(DEALS).get(0).idString();
        JsonNode deal = JSON.readTree(post("/crm/v4/associations/deal/0-1/batch/read",
                "{\"inputs\":[{\"id\":\"" + d0 + "\"}]}", TOKEN).body()).path("results").get(0);
        assertEquals(2, deal.path("to").size());
        assertEquals(3, deal.path("to").get(0).path("associationTypes").get(0).path("typeId").asInt());
        assertEquals(1, hubspot.count(FakeHubSpot.associations(DEALS, CONTACTS)));

        // an input without associations: 207 with HubSpot's NO_ASSOCIATIONS_FOUND error
        hubspot.seed(CONTACTS, 1);
        String lonely = hubspot.data().all(CONTACTS).get(10).idString();
        HttpResponse<String> multi = post("/crm/v4/associations/contacts/companies/batch/read",
                "{\"inputs\":[{\"id\":\"" + c0 + "\"},{\"id\":\"" + lonely + "\"}]}", TOKEN);
        assertEquals(207, multi.statusCode());
        JsonNode m = JSON.readTree(multi.body());
        assertEquals(1, m.path("results").size());
        assertEquals(1, m.path("numErrors").asInt());
        JsonNode err = m.path("errors").get(0);
        assertEquals("crm.associations.NO_ASSOCIATIONS_FOUND", err.path("subCategory").asText());
        assertEquals("OBJECT_NOT_FOUND", err.path("category").asText());
        assertEquals("No company is associated with contact " + lonely + ".", err.path("message").asText());
        assertEquals(lonely, err.path("context").path("fromObjectId").get(0).asText());
    }

    @Test
    void associationsPagePerInputWithAfter() throws Exception {
        hubspot.seed(CONTACTS, 3);
        hubspot.seed(COMPANIES, 1);
        String company = hubspot.data().all(COMPANIES).get(0).idString();
        for (FakeRecord c : hubspot.data().all(CONTACTS)) {
            hubspot.data().associate(COMPANIES, company, CONTACTS, c.idString(), false);
        }
        hubspot.associationPageSize(2);
        Set<Long> seen = new HashSet<>();
        String after = null;
        int pages = 0;
        do {
            String input = after == null ? "{\"id\":\"" + company + "\"}"
                    : "{\"id\":\"" + company + "\",\"after\":\"" + after + "\"}";
            JsonNode res = JSON.readTree(post("/crm/v4/associations/companies/contacts/batch/read",
                    "{\"inputs\":[" + input + "]}", TOKEN).body()).path("results").get(0);
            res.path("to").forEach(t -> {
                seen.add(t.path("toObjectId").asLong());
                assertEquals(280, t.path("associationTypes").get(0).path("typeId").asInt(), "company to contact");
            });
            JsonNode next = res.path("paging").path("next");
            after = next.isMissingNode() ? null : next.path("after").asText();
            pages++;
        } while (after != null);
        assertEquals(2, pages);
        assertEquals(3, seen.size());
    }

    // ------------------------------------------------------------------ faults and observability

    @Test
    void transientErrorsResetsAndDelaysHappenWhereAsked() throws Exception {
        hubspot.seed(CONTACTS, 5);
        hubspot.faults().failRequest(2, 503).failNext(FakeHubSpot.search(CONTACTS), 1, 502);
        assertEquals(200, get("/crm/v3/objects/contacts", TOKEN).statusCode());
        HttpResponse<String> unavailable = get("/crm/v3/objects/contacts", TOKEN);
        assertEquals(503, unavailable.statusCode());
        assertEquals(200, get("/crm/v3/objects/contacts", TOKEN).statusCode());
        assertEquals(502, post("/crm/v3/objects/contacts/search", "{}", TOKEN).statusCode());
        assertEquals(200, post("/crm/v3/objects/contacts/search", "{}", TOKEN).statusCode());

        hubspot.faults().resetNext(FakeHubSpot.list(CONTACTS), 1);
        assertThrows(IOException.class, () -> get("/crm/v3/objects/contacts", TOKEN), "cut mid-response");
        assertEquals(200, get("/crm/v3/objects/contacts", TOKEN).statusCode());

        long n = hubspot.requestCount() + 1;
        hubspot.faults().delayRequest(n, Duration.ofMillis(300));
        long t0 = System.nanoTime();
        assertEquals(200, get("/crm/v3/objects/contacts", TOKEN).statusCode());
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).toMillis() >= 300);

        assertEquals(1, hubspot.statusCount(503));
        assertEquals(1, hubspot.statusCount(502));
        assertEquals(1, hubspot.statusCount(-1), "the cut connection is logged as -1");
    }

    @Test
    void countersAndTheRequestLogTellWhatHappened() throws Exception {
        hubspot.seed(CONTACTS, 3);
        Instant before = Instant.now();
        get("/crm/v3/objects/contacts", TOKEN);
        post("/crm/v3/objects/contacts/search", "{\"limit\":1}", TOKEN);
        get("/crm/v3/objects/contacts?limit=1", TOKEN);
        assertEquals(2, hubspot.count(FakeHubSpot.list(CONTACTS)));
        assertEquals(1, hubspot.count(FakeHubSpot.search(CONTACTS)));
        assertEquals(3, hubspot.requestCount());
        assertEquals(2L, hubspot.countsByEndpoint().get(FakeHubSpot.list(CONTACTS)));
        List<Instant> times = hubspot.requestTimes(FakeHubSpot.list(CONTACTS));
        assertEquals(2, times.size());
        assertFalse(times.get(0).isBefore(before));
        List<RequestRecord> log = hubspot.requests();
        assertEquals(List.of(1L, 2L, 3L), log.stream().map(RequestRecord::seq).toList());
        assertEquals("{\"limit\":1}", log.get(1).body());
        assertEquals("limit=1", log.get(2).query());
        assertEquals(TOKEN, log.get(0).token());
        assertEquals(200, log.get(0).status());
        assertNotNull(log.get(0).at());
        hubspot.clearLog();
        assertEquals(0, hubspot.count(FakeHubSpot.list(CONTACTS)));
        assertTrue(hubspot.requests().isEmpty());
    }

    @Test
    void theSameSeedGivesTheSameData() {
        try (FakeHubSpot other = FakeHubSpot.start()) {
            hubspot.seedAll(20);
            other.seedAll(20);
            for (HubSpotObjectType t : HubSpotObjectType.values()) {
                List<FakeRecord> a = hubspot.data().all(t);
                List<FakeRecord> b = other.data().all(t);
                assertEquals(a.size(), b.size());
                for (int i = 0; i < a.size(); i++) {
                    assertEquals(a.get(i).idString(), b.get(i).idString());
                    assertEquals(a.get(i).properties(), b.get(i).properties());
                    assertEquals(a.get(i).updatedAt(), b.get(i).updatedAt());
                }
            }
            Instant from = HubSpotData.DEFAULT_FROM;
            for (FakeRecord r : hubspot.data().all(CONTACTS)) {
                assertFalse(r.updatedAt().isBefore(r.createdAt()));
                assertFalse(r.createdAt().isBefore(from));
                assertNull(r.archivedAt());
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private Set<String> listAll(String first) throws Exception {
        Set<String> out = new HashSet<>();
        String after = null;
        do {
            JsonNode page = JSON.readTree(get(first + (after == null ? "" : "&after=" + enc(after)), TOKEN).body());
            out.addAll(ids(page));
            JsonNode next = page.path("paging").path("next");
            after = next.isMissingNode() ? null : next.path("after").asText();
        } while (after != null);
        return out;
    }

    private JsonNode refresh(String clientId, String secret, String refreshToken) throws Exception {
        HttpResponse<String> r = postForm("grant_type=refresh_token&client_id=" + enc(clientId) + "&client_secret="
                + enc(secret) + "&refresh_token=" + enc(refreshToken));
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> postForm(String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(hubspot.baseUrl() + "/oauth/v1/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(hubspot.baseUrl() + path)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String json, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(hubspot.baseUrl() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElseThrow(() -> new AssertionError("no header " + name));
    }

    private static void assertErrorShape(JsonNode e, String category) {
        assertEquals("error", e.path("status").asText());
        assertFalse(e.path("message").asText().isEmpty());
        assertFalse(e.path("correlationId").asText().isEmpty());
        assertEquals(category, e.path("category").asText());
    }

    private static Set<String> ids(JsonNode page) {
        Set<String> out = new HashSet<>();
        page.path("results").forEach(o -> out.add(o.path("id").asText()));
        return out;
    }

    private static Set<String> fields(JsonNode o) {
        Set<String> out = new HashSet<>();
        o.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
