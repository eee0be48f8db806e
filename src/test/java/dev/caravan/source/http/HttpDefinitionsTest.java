package dev.caravan.source.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Connection files and http: blocks: what is accepted, and what is refused with which message. */
class HttpDefinitionsTest {

    private static final String MINIMAL = """
            base_url: https://api.example.com
            auth: {type: bearer, token: "${ACME_TOKEN}"}
            """;

    private static List<String> connectionProblems(String yaml) {
        return assertThrows(HttpDefinitionException.class, () -> Defs.connection(yaml)).problems();
    }

    private static List<String> resourceProblems(String yaml) {
        return assertThrows(HttpDefinitionException.class, () -> Defs.resource(yaml)).problems();
    }

    private static void assertMentions(List<String> problems, String... parts) {
        assertTrue(problems.stream().anyMatch(p -> List.of(parts).stream().allMatch(p::contains)),
                "expected a problem mentioning " + List.of(parts) + " in " + problems);
    }

    @Test
    void theHubSpotConnectionFileParsesWithItsDefaults() throws Exception {
        HttpConnection c;
        try (var in = java.nio.file.Files.newInputStream(java.nio.file.Path.of("definitions/hubspot/connection.yaml"))) {
            c = HttpDefinitions.connection("hubspot", HttpDefinitions.readYaml(in), Map.of());
        }
        assertEquals(URI.create("https://api.hubapi.com"), c.baseUrl());
        assertEquals(3, c.auth().size());
        assertInstanceOf(OAuth2RefreshAuth.class, c.auth().get(0));
        assertInstanceOf(CursorPaginator.class, c.paginator());
        assertEquals(new HttpConnection.RateLimit(100, Duration.ofSeconds(10), Duration.ofMillis(100)), c.rateLimits().get("default"));
        assertEquals(new HttpConnection.RateLimit(4, Duration.ofSeconds(1), Duration.ofMillis(20)), c.rateLimits().get("search"));
        assertEquals("X-HubSpot-RateLimit-Remaining", c.rateLimitHeaders().remaining());
        assertEquals(Duration.ofMinutes(5), c.retry().budget());
    }

    @Test
    void theBaseUrlIsOverriddenBySystemBaseUrl() {
        URI fake = URI.create("http://127.0.0.1:8089");
        assertEquals(fake, Defs.hubspot(fake).baseUrl());
    }

    @Test
    void aBadBaseUrlOverrideIsRefused() {
        assertMentions(assertThrows(HttpDefinitionException.class,
                () -> HttpDefinitions.connection("acme", Defs.yaml(MINIMAL), Map.of("ACME_BASE_URL", "ftp://x"))).problems(),
                "ACME_BASE_URL must be an http(s) URL");
    }

    @Test
    void aLiteralTokenIsRefused() {
        assertMentions(connectionProblems("""
                base_url: https://api.example.com
                auth: {type: bearer, token: pat-na1-abcdef}
                """), "token must be a ${ENV_VAR} reference, not a literal value");
        assertMentions(connectionProblems("""
                base_url: https://api.example.com
                auth: {type: basic, username: API, password: hunter2}
                """), "password must be a ${ENV_VAR} reference");
    }

    @Test
    void anUnknownAuthTypeListsTheValidOnes() {
        assertMentions(connectionProblems("""
                base_url: https://api.example.com
                auth: {type: oauth}
                """), "unknown auth type 'oauth'", "valid types: api_key, basic, bearer, login, oauth2_refresh, signed");
    }

    @Test
    void anUnknownPaginatorTypeListsTheValidOnes() {
        assertMentions(connectionProblems(MINIMAL + "paginator: {type: link_header}\n"),
                "unknown paginator type 'link_header'", "valid types: after_id, cursor, next_url, offset, page_number, single_page");
        assertMentions(resourceProblems("{path: /x, records: /results, paginator: {type: pages}}"), "unknown paginator type 'pages'");
    }

    @Test
    void anUnknownSignerListsTheValidOnes() {
        assertMentions(connectionProblems("""
                base_url: https://api.example.com
                auth: {type: signed, signer: acmesign}
                """), "unknown signer 'acmesign'", "valid signers: hmac_sha256, marketsharp");
    }

    @Test
    void aMisspeltOptionIsReported() {
        assertMentions(connectionProblems(MINIMAL + "paginator: {type: cursor, cursor_pth: /next}\n"),
                "unknown option 'cursor_pth'");
        assertMentions(connectionProblems(MINIMAL + "retries: {budget: 1m}\n"), "unknown option 'retries'");
    }

    @Test
    void badDurationsAndLimitsAreReported() {
        List<String> p = connectionProblems(MINIMAL + """
                rate_limits:
                  default: {requests: 0, per: soon}
                """);
        assertMentions(p, "rate_limits.default", "requests must be at least 1");
        assertMentions(p, "per must be a duration");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        List<String> p = connectionProblems("""
                auth: {type: bearer, token: literal}
                paginator: {type: nope}
                """);
        assertMentions(p, "base_url is required");
        assertMentions(p, "token must be a ${ENV_VAR} reference");
        assertMentions(p, "unknown paginator type 'nope'");
    }

    @Test
    void aResourceWithoutPathIsRefused() {
        assertMentions(resourceProblems("{method: GET, records: /results}"), "path is required");
        assertMentions(resourceProblems("{path: crm/v3/objects/contacts, records: /results}"), "path must start with '/'");
        assertMentions(resourceProblems("{path: '/x?limit=5', records: /results}"), "hold no query");
    }

    @Test
    void aBadJsonPointerIsRefused() {
        assertMentions(resourceProblems("{path: /x, records: results}"),
                "records must be a JSON pointer starting with '/'", "got 'results'");
        assertMentions(resourceProblems("{path: /x, records: /r, paginator: {type: cursor, cursor_path: paging.next.after}}"),
                "cursor_path must be a JSON pointer");
        assertMentions(resourceProblems("{path: /x}"), "records is required");
    }

    @Test
    void incrementalNeedsAFieldAndOneWayToSendTheStart() {
        assertMentions(resourceProblems("{path: /x, records: /r, incremental: {param: since}}"), "field is required");
        assertMentions(resourceProblems("{path: /x, records: /r, incremental: {field: /updatedAt}}"),
                "exactly one of param (a query parameter) or search_filter");
        assertMentions(resourceProblems("{path: /x, records: /r, incremental: {field: /u, search_filter: {property: p}}}"),
                "search_filter needs a POST request");
        assertMentions(resourceProblems("{path: /x, records: /r, incremental: {field: /u, param: s, format: unix}}"),
                "format must be one of [date, epoch_millis, epoch_seconds, iso, iso_local, iso_seconds]");
    }

    @Test
    void theContactsExampleParses() {
        HttpResource r = Defs.contacts();
        assertEquals("GET", r.method());
        assertEquals("/crm/v3/objects/contacts", r.path());
        assertNull(r.paginator(), "uses the connection's");
        HttpResource.Incremental inc = r.incremental();
        assertEquals(Duration.ofMinutes(5), inc.lookback());
        assertEquals("lastmodifieddate", inc.searchFilter().property());
        HttpResource search = inc.request();
        assertEquals("POST", search.method());
        assertEquals("/crm/v3/objects/contacts/search", search.path());
        assertEquals("search", search.bucket());
        assertEquals("body", search.propertiesIn());
        assertEquals(r.properties(), search.properties(), "inherited from the full request");
        assertEquals(Map.of(), search.query());
    }
}
