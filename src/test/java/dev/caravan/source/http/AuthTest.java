package dev.caravan.source.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each auth type as the server sees it, and which alternative a connection picks. */
class AuthTest {

    private final FakeClock clock = new FakeClock();
    private TestServer server;

    @BeforeEach
    void start() throws IOException {
        server = new TestServer(clock);
        server.route("/", (s, x) -> TestServer.send(x, 200, "{\"results\":[]}"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TestServer.Seen callWith(String auth, Map<String, String> env, String resource) {
        HttpConnection c = Defs.connection("base_url: " + server.base() + "\nauth: " + auth + "\n");
        HttpRecordSource.full(new ApiClient(c, env, clock, () -> 0.0), Defs.resource(resource)).next();
        return server.seen.get(server.seen.size() - 1);
    }

    private TestServer.Seen callWith(String auth, Map<String, String> env) {
        return callWith(auth, env, "{path: /things, records: /results}");
    }

    @Test
    void bearer() {
        assertEquals("Bearer abc-123", callWith("{type: bearer, token: \"${T}\"}", Map.of("T", "abc-123")).header("Authorization"));
    }

    @Test
    void apiKeyInAHeaderAndInTheQuery() {
        TestServer.Seen h = callWith("{type: api_key, name: X-Api-Token, prefix: 'Token ', api_key: \"${K}\"}", Map.of("K", "k-1"));
        assertEquals("Token k-1", h.header("X-Api-Token"));
        TestServer.Seen q = callWith("{type: api_key, location: query, name: key, api_key: \"${K}\"}", Map.of("K", "k-2"));
        assertEquals("k-2", q.query().get("key"));
        assertNull(q.header("Authorization"));
    }

    @Test
    void basicAsLeadConduitUsesIt() {
        TestServer.Seen s = callWith("{type: basic, username: API, password: \"${LEADCONDUIT_API_KEY}\"}",
                Map.of("LEADCONDUIT_API_KEY", "lc-key"));
        assertEquals("Basic " + Base64.getEncoder().encodeToString("API:lc-key".getBytes(StandardCharsets.UTF_8)), s.header("Authorization"));
    }

    @Test
    void signedWithTheGenericHmac() {
        TestServer.Seen s = callWith("{type: signed, signer: hmac_sha256, secret: \"${S}\", key_id: \"${ID}\", header: X-Sig}",
                Map.of("S", "shh-secret", "ID", "key-7"), "{path: /things, records: /results, method: POST, body: {q: 1}}");
        String ts = s.header("X-Timestamp");
        byte[] head = ("POST\n/things\n" + ts + "\n").getBytes(StandardCharsets.UTF_8);
        String expected = HexFormat.of().formatHex(HmacSha256Signer.hmac("shh-secret", head, s.body().getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, s.header("X-Sig"));
        assertEquals("key-7", s.header("X-Key-Id"));
        assertEquals(Long.toString(clock.now().getEpochSecond()), ts);
    }

    @Test
    void oauthCachesTheTokenUntilShortlyBeforeItExpires() throws IOException {
        try (FakeHubSpot hubspot = new FakeHubSpot(clock, 250)) {
            hubspot.expiresIn = 1800; // refresh_before is 5m in the HubSpot connection
            ApiClient client = new ApiClient(Defs.hubspot(hubspot.base()), Defs.env("HUBSPOT_CLIENT_ID", FakeHubSpot.CLIENT_ID,
                    "HUBSPOT_CLIENT_SECRET", FakeHubSpot.CLIENT_SECRET, "HUBSPOT_REFRESH_TOKEN", FakeHubSpot.REFRESH_TOKEN), clock,
                    () -> 0.0);
            HttpRecordSource source = HttpRecordSource.full(client, Defs.contacts());
            source.next();
            source.next();
            assertEquals(1, hubspot.tokensIssued.get(), "one token for both pages");
            TestServer.Seen token = hubspot.requestsTo("/oauth/v1/token").get(0);
            assertEquals("application/x-www-form-urlencoded", token.header("Content-Type"));
            assertTrue(token.body().startsWith("grant_type=refresh_token&client_id=client-id-1&client_secret="), token.body());

            clock.advance(Duration.ofMinutes(25).plusSeconds(1)); // past expires_in − refresh_before
            source.next();
            assertEquals(2, hubspot.tokensIssued.get(), "refreshed ahead of expiry, before any 401");
            assertEquals("Bearer access-2", hubspot.requestsTo("/crm/v3/objects/contacts").get(2).header("Authorization"));
        }
    }

    @Test
    void aRefusedRefreshTokenFailsWithTheEndpointsMessageMasked() throws IOException {
        try (FakeHubSpot hubspot = new FakeHubSpot(clock, 1)) {
            ApiClient client = new ApiClient(Defs.hubspot(hubspot.base()), Defs.env("HUBSPOT_CLIENT_ID", FakeHubSpot.CLIENT_ID,
                    "HUBSPOT_CLIENT_SECRET", FakeHubSpot.CLIENT_SECRET, "HUBSPOT_REFRESH_TOKEN", "revoked-refresh-token"), clock, () -> 0.0);
            ApiErrorException e = assertThrows(ApiErrorException.class, () -> HttpRecordSource.full(client, Defs.contacts()).next());
            assertEquals(400, e.status());
            assertTrue(e.getMessage().contains("missing or unknown refresh token"), e.getMessage());
            assertTrue(!e.getMessage().contains("revoked-refresh-token") && !e.getMessage().contains(FakeHubSpot.CLIENT_SECRET));
        }
    }

    @Test
    void theFirstFullyConfiguredAlternativeIsUsed() {
        HttpConnection c = Defs.hubspot(URI.create("http://127.0.0.1:1"));
        // no OAuth variables, no access token: HUBSPOT_API_KEY is taken as the bearer token
        assertEquals(BearerAuth.class, AuthTypes.select("hubspot", c.auth(), new Secrets(Map.of("HUBSPOT_API_KEY", "pat-x"))).getClass());
        assertEquals(OAuth2RefreshAuth.class, AuthTypes.select("hubspot", c.auth(), new Secrets(Map.of("HUBSPOT_CLIENT_ID", "a",
                "HUBSPOT_CLIENT_SECRET", "b", "HUBSPOT_REFRESH_TOKEN", "c", "HUBSPOT_ACCESS_TOKEN", "d"))).getClass());
        // half an OAuth configuration is not one
        assertEquals(c.auth().get(1), AuthTypes.select("hubspot", c.auth(), new Secrets(Map.of("HUBSPOT_CLIENT_ID", "a",
                "HUBSPOT_ACCESS_TOKEN", "d"))));
    }

    @Test
    void aConnectionWithoutCredentialsIsNotConfiguredAndSaysWhichVariables() {
        HttpConnection c = Defs.hubspot(URI.create("http://127.0.0.1:1"));
        HttpSourceNotConfiguredException e = assertThrows(HttpSourceNotConfiguredException.class, () -> new ApiClient(c, Map.of()));
        assertEquals("hubspot is not configured: set HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET, HUBSPOT_REFRESH_TOKEN;"
                + " or HUBSPOT_ACCESS_TOKEN; or HUBSPOT_API_KEY", e.getMessage());
    }
}
