package dev.caravan.source.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.testing.marketsharp.FakeMarketSharp;
import dev.caravan.testing.marketsharp.MarketSharpData;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real marketsharp definitions against {@link FakeMarketSharp}: paging, the $top pitfall, incremental, faults. */
class MarketSharpReadTest {

    private final FakeClock clock = new FakeClock();
    private FakeMarketSharp fake;

    @BeforeEach
    void start() throws IOException {
        fake = new FakeMarketSharp(clock::now, 40, 250);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    static Map<String, String> env(String base, String secret) {
        return Defs.env("MARKETSHARP_BASE_URL", base, "MARKETSHARP_COMPANY_ID", FakeMarketSharp.COMPANY_ID,
                "MARKETSHARP_API_KEY", FakeMarketSharp.API_KEY, "MARKETSHARP_SECRET_KEY", secret);
    }

    static HttpConnection connection(Map<String, String> env) {
        try (InputStream in = Files.newInputStream(Path.of("definitions/marketsharp/connection.yaml"))) {
            return HttpDefinitions.connection("marketsharp", HttpDefinitions.readYaml(in), env);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HttpResource object(String name) {
        try (InputStream in = Files.newInputStream(Path.of("definitions/marketsharp/" + name + ".yaml"))) {
            return HttpDefinitions.resource("marketsharp." + name, HttpDefinitions.readYaml(in).get("http"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ApiClient client(Ticker ticker) {
        Map<String, String> env = env(fake.baseUrl(), FakeMarketSharp.SECRET_KEY);
        return new ApiClient(connection(env), env, ticker, () -> 0.0);
    }

    private static List<String> ids(HttpRecordSource source, String pointer) {
        List<String> ids = new ArrayList<>();
        source.records().forEachRemaining(r -> ids.add(r.record().at(pointer).asText()));
        return ids;
    }

    @Test
    void aFullReadFollowsTheServersNextLinksToTheEndSigningEveryRequest() {
        HttpRecordSource source = HttpRecordSource.full(client(clock), object("contacts"));
        List<HttpPage> pages = new ArrayList<>();
        source.forEachRemaining(pages::add);

        assertEquals(7, pages.size(), "250 contacts in server pages of 40");
        assertEquals(250, new HashSet<>(pages.stream().flatMap(p -> p.records().stream()).map(r -> r.path("id").asText()).toList()).size());
        List<FakeMarketSharp.Seen> seen = fake.requestsTo("Contacts");
        assertEquals(7, seen.size());
        assertTrue(seen.stream().allMatch(s -> s.status() == 200), "every request was signed correctly");
        assertFalse(seen.get(0).query().containsKey("$top"), "no $top: it would cap the whole result");
        assertEquals("lastUpdate", seen.get(0).query().get("$orderby"));
        assertEquals("240", seen.get(6).query().get("$skiptoken"), "the server's own continuation");
        assertEquals(MarketSharpData.FIRST_UPDATE.plusMinutes(250).toInstant(), source.maxChanged());
        assertTrue(pages.get(0).records().get(0).path("email1CanMail").isBoolean());
    }

    @Test
    void aClientTrustingTopAndSkipWouldSkipRecordsButTheNextLinksDoNot() {
        // the pitfall: $top=100&$skip=n assumes pages of 100; the server answers 40 and a next link
        HttpResource naive = Defs.resource("""
                {path: /Contacts, records: /entries,
                 paginator: {type: offset, limit: 100, offset_param: $skip, limit_param: $top, stop: short_page}}
                """);
        List<String> trusting = ids(HttpRecordSource.full(client(clock), naive), "/id");
        assertEquals(40, trusting.size(), "a short first page ends the trusting read: 210 records lost");

        List<String> followed = ids(HttpRecordSource.full(client(clock), object("contacts")), "/id");
        assertEquals(250, followed.size());
        assertEquals(250, new HashSet<>(followed).size());
    }

    @Test
    void anIncrementalReadFiltersOnLastUpdateFromTheStartMinusTheLookBack() {
        // contact i: lastUpdate FIRST_UPDATE + i min (-05:00). since = contact 200's time + 12 h look-back + 5 h offset;
        // the literal is UTC wall-clock and the server reads it at -05:00, so the 12 h look-back reaches 7 h earlier
        Instant changed200 = MarketSharpData.FIRST_UPDATE.plusMinutes(200).toInstant();
        Instant since = changed200.plus(Duration.ofHours(12)).minus(Duration.ofHours(5));
        HttpRecordSource source = new HttpRecordSource(client(clock), object("contacts"), Map.of(), null, since, null);
        List<String> ids = ids(source, "/id");

        assertEquals(51, ids.size(), "contacts 200..250");
        assertEquals(MarketSharpData.guid("contact", 200), ids.get(0), "sorted by lastUpdate");
        String filter = fake.requestsTo("Contacts").get(0).query().get("$filter");
        assertEquals("lastUpdate ge datetime'" + java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
                .format(since.minus(Duration.ofHours(12)).atOffset(java.time.ZoneOffset.UTC)) + "'", filter);
        assertTrue(fake.requestsTo("Contacts").stream().allMatch(s -> filter.equals(s.query().get("$filter"))),
                "next links keep the filter");
    }

    @Test
    void setsWithoutAChangeColumnAreReadInFullAndContactPhonesAreKeyedByContact() {
        HttpResource phones = object("contact_phones");
        assertEquals(null, phones.incremental());
        assertThrows(IllegalArgumentException.class, () -> new HttpRecordSource(client(clock), phones, Map.of(), null, Instant.now(), null));
        List<String> ids = ids(HttpRecordSource.full(client(clock), phones), "/contactId");
        assertEquals(250, new HashSet<>(ids).size());
        assertEquals("King", ids(HttpRecordSource.full(client(clock), object("addresses")), "/coounty").get(0));
    }

    @Test
    void a503ServerTooBusyIsThrottlingBackedOffAtAHalvedPaceThenTheReadGoesOn() {
        ApiClient client = client(clock);
        fake.fail(503);
        HttpRecordSource source = HttpRecordSource.full(client, object("contacts"));
        assertEquals(40, source.next().records().size());
        assertEquals(2, client.limiter("default").requests(), "4 per second halved while the service is busy");
        assertEquals(Duration.ofSeconds(2), clock.sleeps.get(0), "backed off first_delay");

        fake.fail(503);
        List<String> ids = new ArrayList<>();
        source.records().forEachRemaining(r -> ids.add(r.record().path("id").asText()));
        assertEquals(210, ids.size(), "the rest, nothing skipped or doubled");
        assertEquals(2, client.throttled());
        assertEquals(2, fake.busy.get());
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502})
    void aTransientServerErrorIsRetriedWithoutCountingAsThrottling(int status) {
        ApiClient client = client(clock);
        fake.fail(status);
        assertEquals(250, ids(HttpRecordSource.full(client, object("contacts")), "/id").size());
        assertEquals(0, client.throttled());
    }

    @Test
    void aWrongSecretIs401WithTheServicesMessageAndNoSecretInIt() {
        String wrong = java.util.Base64.getEncoder().encodeToString("another thirty-two byte secret!!".getBytes());
        Map<String, String> env = env(fake.baseUrl(), wrong);
        ApiClient client = new ApiClient(connection(env), env, clock, () -> 0.0);
        ApiErrorException e = assertThrows(ApiErrorException.class, () -> HttpRecordSource.full(client, object("contacts")).next());
        assertEquals(401, e.status());
        assertTrue(e.getMessage().contains("HTTP 401: Authentication failed."), e.getMessage());
        assertFalse(e.getMessage().contains(wrong));
        assertEquals(1, fake.unauthorized.get(), "not retried");
    }

    @Test
    void aSkewedClockIs401() {
        FakeClock late = new FakeClock();
        late.advance(Duration.ofMinutes(10));
        Map<String, String> env = env(fake.baseUrl(), FakeMarketSharp.SECRET_KEY);
        ApiClient client = new ApiClient(connection(env), env, late, () -> 0.0);
        assertEquals(401, assertThrows(ApiErrorException.class, () -> HttpRecordSource.full(client, object("jobs")).next()).status());
    }

    @Test
    void anUnknownEntitySetIsAClear404() {
        HttpResource customers = Defs.resource("{path: /Customers, records: /entries}");
        ApiErrorException e = assertThrows(ApiErrorException.class, () -> HttpRecordSource.full(client(clock), customers).next());
        assertTrue(e.getMessage().contains("HTTP 404: Resource not found for the segment 'Customers'."), e.getMessage());
    }

    /** Measured once on the real clock: records per second at the connection's rate limit, and throttling answers. */
    @Test
    void measureRecordsPerSecondAndThrottling() throws IOException {
        try (FakeMarketSharp big = new FakeMarketSharp(Instant::now, 100, 2000)) {
            Map<String, String> env = env(big.baseUrl(), FakeMarketSharp.SECRET_KEY);
            ApiClient client = new ApiClient(connection(env), env, Ticker.SYSTEM, () -> 0.0);
            big.fail(503);
            long t0 = System.nanoTime();
            int n = ids(HttpRecordSource.full(client, object("contacts")), "/id").size();
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(2000, n);
            System.out.printf("MEASURE marketsharp contacts: %d records, %d requests, %.2f s, %.0f records/s, throttled %d (503 %d)%n",
                    n, big.seen.size(), seconds, n / seconds, client.throttled(), big.busy.get());
            assertEquals(1, client.throttled());
        }
    }
}
