package dev.caravan.source.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the client does when the API misbehaves; against a real local server shaped like HubSpot. */
class HttpFailuresTest {

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

    private List<String> readAllIds(ApiClient client) {
        List<String> ids = new ArrayList<>();
        HttpRecordSource.full(client, Defs.contacts()).records().forEachRemaining(r -> ids.add(r.record().path("id").asText()));
        return ids;
    }

    private static void assertEveryContactOnce(List<String> ids) {
        assertEquals(250, ids.size(), "no page lost");
        assertEquals(250, new HashSet<>(ids).size(), "no record twice");
    }

    @Test
    void a429WithRetryAfterSecondsWaitsThatLongAndLosesNoPage() {
        ApiClient client = hubspot.client(clock);
        HttpRecordSource source = HttpRecordSource.full(client, Defs.contacts());
        List<String> ids = new ArrayList<>();
        source.next().records().forEach(r -> ids.add(r.path("id").asText()));
        hubspot.then(new TestServer.Scripted(429, Map.of("Retry-After", "7"),
                "{\"status\":\"error\",\"message\":\"You have reached your ten_secondly_rolling limit.\",\"errorType\":\"RATE_LIMIT\"}"));
        source.records().forEachRemaining(r -> ids.add(r.record().path("id").asText()));

        assertEveryContactOnce(ids);
        assertTrue(clock.sleeps.contains(Duration.ofSeconds(7)), "waited Retry-After: " + clock.sleeps);
        List<TestServer.Seen> lists = hubspot.requestsTo("/crm/v3/objects/contacts");
        assertEquals(4, lists.size());
        assertEquals(lists.get(1).query(), lists.get(2).query(), "the refused page is asked again, the same");
        assertEquals("100", lists.get(2).query().get("after"));
    }

    @Test
    void a429WithRetryAfterAsHttpDateWaitsUntilThen() {
        ApiClient client = hubspot.client(clock);
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.now().plusSeconds(30).atOffset(ZoneOffset.UTC));
        hubspot.then(new TestServer.Scripted(429, Map.of("Retry-After", date), "{}"));

        assertEveryContactOnce(readAllIds(client));
        Duration waited = clock.sleeps.get(0);
        assertTrue(waited.compareTo(Duration.ofSeconds(29)) >= 0 && waited.compareTo(Duration.ofSeconds(30)) <= 0, waited.toString());
    }

    @Test
    void a429WithoutRetryAfterBacksOffExponentially() {
        ApiClient client = hubspot.client(clock);
        hubspot.then(new TestServer.Scripted(429, Map.of(), "{\"message\":\"rate limited\"}"),
                new TestServer.Scripted(429, Map.of(), "{\"message\":\"rate limited\"}"),
                new TestServer.Scripted(429, Map.of(), "{\"message\":\"rate limited\"}"));

        assertEveryContactOnce(readAllIds(client));
        // first_delay 1s, multiplier 2, no jitter in this test (random 0)
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4)), clock.sleeps.subList(0, 3));
    }

    @Test
    void a429StormLosesNoPageAndDuplicatesNone() {
        ApiClient client = hubspot.client(clock);
        HttpRecordSource source = HttpRecordSource.full(client, Defs.contacts());
        List<String> ids = new ArrayList<>();
        while (source.hasNext()) {
            hubspot.then(new TestServer.Scripted(429, Map.of("Retry-After", "1"), "{}"),
                    new TestServer.Scripted(429, Map.of(), "{}"));
            source.next().records().forEach(r -> ids.add(r.path("id").asText()));
        }
        assertEveryContactOnce(ids);
        assertEquals(9, hubspot.requestsTo("/crm/v3/objects/contacts").size());
    }

    @Test
    void bad502And503AreRetriedThenTheReadGoesOn() {
        ApiClient client = hubspot.client(clock);
        hubspot.then(new TestServer.Scripted(502, Map.of("Content-Type", "text/html"), "<html>Bad Gateway</html>"),
                new TestServer.Scripted(503, Map.of(), "{\"message\":\"Service Unavailable\"}"));

        assertEveryContactOnce(readAllIds(client));
        assertEquals(2, clock.sleeps.size());
    }

    @Test
    void aDroppedConnectionIsRetried() {
        ApiClient client = hubspot.client(clock);
        // the JDK client itself may retry an idempotent GET once; ours retries the rest
        hubspot.then(TestServer.Scripted.drop(), TestServer.Scripted.drop(), TestServer.Scripted.drop());

        assertEveryContactOnce(readAllIds(client));
        assertFalse(clock.sleeps.isEmpty(), "backed off at least once");
        assertEquals(Duration.ofSeconds(1), clock.sleeps.get(0));
    }

    @Test
    void aConnectionResetIsRetried() throws Exception {
        // a raw socket server: the first connection is reset (SO_LINGER 0), the second answered
        try (ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try {
                    for (int i = 0; i < 3; i++) {
                        Socket reset = socket.accept();
                        reset.getInputStream().read(new byte[1024]);
                        reset.setSoLinger(true, 0);
                        reset.close();
                    }
                    try (Socket second = socket.accept()) {
                        readHead(second.getInputStream());
                        byte[] body = "{\"results\":[{\"id\":\"1\"}]}".getBytes(StandardCharsets.UTF_8);
                        OutputStream out = second.getOutputStream();
                        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(body);
                        out.flush();
                    }
                } catch (IOException e) {
                    // the test fails on its own assertions
                }
            });
            server.start();
            HttpConnection c = Defs.connection("""
                    base_url: http://127.0.0.1:%d
                    auth: {type: bearer, token: "${ACME_TOKEN}"}
                    """.formatted(socket.getLocalPort()));
            ApiClient client = new ApiClient(c, Map.of("ACME_TOKEN", "t0ken-value"), clock, () -> 0.0);
            HttpRecordSource source = HttpRecordSource.full(client, Defs.resource("{path: /things, records: /results}"));

            HttpPage page = source.next();

            assertEquals(1, page.records().size());
            assertTrue(page.last());
            assertFalse(clock.sleeps.isEmpty(), "backed off after the resets (the JDK client may retry a GET once itself)");
            server.join(5000);
        }
    }

    private static void readHead(InputStream in) throws IOException {
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
    }

    @Test
    void a401RefreshesTheTokenExactlyOnceAndTheRunGoesOn() {
        ApiClient client = oauthClient();
        HttpRecordSource source = HttpRecordSource.full(client, Defs.contacts());
        List<String> ids = new ArrayList<>();
        source.next().records().forEach(r -> ids.add(r.path("id").asText()));
        assertEquals(1, hubspot.tokensIssued.get());
        hubspot.expireTokens(); // the token dies on HubSpot's side before its expires_in

        source.records().forEachRemaining(r -> ids.add(r.record().path("id").asText()));

        assertEveryContactOnce(ids);
        assertEquals(2, hubspot.tokensIssued.get(), "exactly one refresh");
        assertEquals(2, hubspot.requestsTo("/oauth/v1/token").size());
        List<TestServer.Seen> lists = hubspot.requestsTo("/crm/v3/objects/contacts");
        assertEquals("Bearer access-1", lists.get(1).header("Authorization"));
        assertEquals("Bearer access-2", lists.get(2).header("Authorization"));
        assertTrue(clock.sleeps.isEmpty(), "a refresh needs no back-off");
    }

    @Test
    void a401ThatARefreshDoesNotCureFailsAfterOneRefresh() {
        ApiClient client = oauthClient();
        HttpRecordSource source = HttpRecordSource.full(client, Defs.contacts());
        source.next();
        hubspot.honourNewTokens = false;
        hubspot.expireTokens();

        ApiErrorException e = assertThrows(ApiErrorException.class, source::next);

        assertEquals(401, e.status());
        assertTrue(e.getMessage().contains("Authentication credentials not found"), e.getMessage());
        assertFalse(e.getMessage().contains("access-2"), "the refreshed token is masked too: " + e.getMessage());
        assertEquals(2, hubspot.requestsTo("/oauth/v1/token").size(), "the first token, and one refresh");
    }

    @Test
    void a401WithAPlainTokenFailsAtOnce() {
        ApiClient client = new ApiClient(Defs.hubspot(hubspot.base()), Defs.env("HUBSPOT_ACCESS_TOKEN", "pat-wrong-token-0000"),
                clock, () -> 0.0);

        ApiErrorException e = assertThrows(ApiErrorException.class, () -> HttpRecordSource.full(client, Defs.contacts()).next());

        assertEquals(401, e.status());
        assertTrue(e.getMessage().contains("Authentication credentials not found"), e.getMessage());
        assertEquals(1, hubspot.seen.size());
    }

    @Test
    void a400SurfacesTheApisMessageWithSecretsMasked() {
        ApiClient client = hubspot.client(clock);
        hubspot.then(new TestServer.Scripted(400, Map.of(), ("{\"status\":\"error\",\"message\":\"Property values were not valid;"
                + " token %s rejected\",\"correlationId\":\"c0ffee\",\"category\":\"VALIDATION_ERROR\"}").formatted(Defs.TOKEN)));

        ApiErrorException e = assertThrows(ApiErrorException.class, () -> HttpRecordSource.full(client, Defs.contacts()).next());

        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("Property values were not valid"), e.getMessage());
        assertTrue(e.getMessage().contains("correlationId c0ffee"), e.getMessage());
        assertFalse(e.getMessage().contains(Defs.TOKEN), e.getMessage());
        assertTrue(e.getMessage().contains("token **** rejected"), e.getMessage());
        assertEquals(1, hubspot.seen.size(), "a 400 is not retried");
    }

    @Test
    void anApiKeyInTheQueryIsMaskedInTheUrlOfAnError() throws IOException {
        try (TestServer server = new TestServer(clock)) {
            server.route("/", (s, x) -> TestServer.send(x, 403, "{\"error\":\"forbidden\"}"));
            HttpConnection c = Defs.connection("""
                    base_url: %s
                    auth: {type: api_key, location: query, name: api_key, api_key: "${ACME_KEY}"}
                    """.formatted(server.base()));
            ApiClient client = new ApiClient(c, Map.of("ACME_KEY", "sekret-key-value"), clock, () -> 0.0);

            ApiErrorException e = assertThrows(ApiErrorException.class,
                    () -> HttpRecordSource.full(client, Defs.resource("{path: /things, records: /results}")).next());

            assertEquals("sekret-key-value", server.seen.get(0).query().get("api_key"));
            assertFalse(e.getMessage().contains("sekret-key-value"), e.getMessage());
            assertTrue(e.getMessage().contains("api_key=****"), e.getMessage());
            assertTrue(e.getMessage().contains("forbidden"), e.getMessage());
        }
    }

    @Test
    void anOversizedBodyIsRefusedWithOrWithoutContentLength() throws IOException {
        try (TestServer server = new TestServer(clock)) {
            String big = "{\"results\":[\"" + "x".repeat(4096) + "\"]}";
            server.route("/known", (s, x) -> TestServer.send(x, 200, big));
            server.route("/chunked", (s, x) -> {
                x.sendResponseHeaders(200, 0);
                try (OutputStream out = x.getResponseBody()) {
                    for (int i = 0; i < 100; i++) {
                        out.write("x".repeat(1024).getBytes(StandardCharsets.US_ASCII));
                    }
                } catch (IOException e) {
                    // the client hangs up once past its cap
                }
            });
            HttpConnection c = Defs.connection("""
                    base_url: %s
                    auth: {type: bearer, token: "${ACME_TOKEN}"}
                    max_response_bytes: 2048
                    """.formatted(server.base()));
            ApiClient client = new ApiClient(c, Map.of("ACME_TOKEN", "t0ken-value"), clock, () -> 0.0);

            for (String path : List.of("/known", "/chunked")) {
                BadResponseException e = assertThrows(BadResponseException.class,
                        () -> HttpRecordSource.full(client, Defs.resource("{path: " + path + ", records: /results}")).next());
                assertTrue(e.getMessage().contains("larger than max_response_bytes (2048 bytes)"), e.getMessage());
            }
            assertEquals(2, server.seen.size(), "not retried");
        }
    }

    @Test
    void aMalformedJsonBodyFailsClearly() {
        ApiClient client = hubspot.client(clock);
        hubspot.then(new TestServer.Scripted(200, Map.of(), "{\"results\":[{\"id\":\"1\"},"));

        BadResponseException e = assertThrows(BadResponseException.class, () -> HttpRecordSource.full(client, Defs.contacts()).next());

        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        assertTrue(e.getMessage().startsWith("hubspot: GET http://127.0.0.1:"), e.getMessage());
    }

    @Test
    void recordsMissingAtTheSelectorFailClearly() {
        ApiClient client = hubspot.client(clock);
        hubspot.then(new TestServer.Scripted(200, Map.of(), "{\"items\":[]}"));

        BadResponseException e = assertThrows(BadResponseException.class, () -> HttpRecordSource.full(client, Defs.contacts()).next());

        assertTrue(e.getMessage().contains("no records at '/results'"), e.getMessage());
    }

    @Test
    void persistent503sGiveUpWhenTheBudgetIsSpent() {
        ApiClient client = hubspot.client(clock);
        TestServer.Scripted[] storm = new TestServer.Scripted[40];
        java.util.Arrays.fill(storm, new TestServer.Scripted(503, Map.of(), "{}"));
        hubspot.then(storm);

        ApiUnavailableException e = assertThrows(ApiUnavailableException.class,
                () -> HttpRecordSource.full(client, Defs.contacts()).next());

        assertTrue(e.getMessage().contains("retry budget 300 s"), e.getMessage());
        assertTrue(e.getMessage().contains("HTTP 503"), e.getMessage());
        assertTrue(clock.slept().compareTo(Duration.ofMinutes(5)) <= 0, clock.slept().toString());
    }

    private ApiClient oauthClient() {
        return new ApiClient(Defs.hubspot(hubspot.base()), Defs.env("HUBSPOT_CLIENT_ID", FakeHubSpot.CLIENT_ID,
                "HUBSPOT_CLIENT_SECRET", FakeHubSpot.CLIENT_SECRET, "HUBSPOT_REFRESH_TOKEN", FakeHubSpot.REFRESH_TOKEN), clock, () -> 0.0);
    }

    @Test
    void aBodyThatStallsMidStreamIsCutAtTheRequestTimeoutAndAskedAgain() throws IOException {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        try (TestServer server = new TestServer(clock)) {
            server.route("/stall", (seen, exchange) -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, 0);
                if (calls.incrementAndGet() == 1) {
                    exchange.getResponseBody().write("{\"results\": [".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    exchange.getResponseBody().flush();
                    try {
                        Thread.sleep(2_000); // headers and half a body, then nothing
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return;
                }
                exchange.getResponseBody().write("{\"results\": [{\"id\": \"1\"}]}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            });
            HttpConnection c = Defs.hubspot(server.base());
            HttpConnection quick = new HttpConnection(c.system(), c.baseUrl(), c.headers(), c.auth(), c.paginator(),
                    c.rateLimits(), c.rateLimitHeaders(), c.retry(), c.connectTimeout(), Duration.ofMillis(400),
                    c.maxResponseBytes());
            ApiClient client = new ApiClient(quick, Defs.env("HUBSPOT_ACCESS_TOKEN", Defs.TOKEN), clock, () -> 0.0);

            ApiResponse r = client.send(client.request("GET", "/stall"), HttpConnection.DEFAULT_BUCKET);

            assertEquals("1", r.body().at("/results/0/id").asText());
            assertTrue(calls.get() >= 2, "the stalled answer was given up and the request sent again");
            assertFalse(Thread.currentThread().isInterrupted(), "the watchdog's interrupt does not leak to the caller");
        }
    }
}
