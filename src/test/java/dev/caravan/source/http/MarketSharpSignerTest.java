package dev.caravan.source.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** signer: marketsharp writes Authorization: companyId:apiKey:epoch:base64(HMAC-SHA256(b64decode(secret), coy+key+epoch)). */
class MarketSharpSignerTest {

    static final String COY = "1239";
    static final String KEY = "0f8fad5b-d9cb-469f-a165-70867728950e";
    static final byte[] SECRET_BYTES = "thirty-two bytes of secret key!!".getBytes(StandardCharsets.US_ASCII);
    static final String SECRET = Base64.getEncoder().encodeToString(SECRET_BYTES);

    /** The expected hash, computed here independently of the signer. */
    private static String expected(long epoch) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET_BYTES, "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal((COY + KEY + epoch).getBytes(StandardCharsets.US_ASCII)));
    }

    private static HttpConnection connection() {
        return HttpDefinitions.connection("marketsharp", Defs.yaml("""
                base_url: https://api4.marketsharpm.com/WcfDataService.svc
                auth: {type: signed, signer: marketsharp, company_id: "${MS_COY}", api_key: "${MS_KEY}", secret_key: "${MS_SECRET}"}
                """), Map.of());
    }

    @Test
    void theHeaderIsCompanyKeyEpochAndTheBase64HmacKeyedWithTheDecodedSecret() throws Exception {
        FakeClock clock = new FakeClock(); // 2026-01-01T00:00:01Z
        ApiClient client = new ApiClient(connection(), Defs.env("MS_COY", COY, "MS_KEY", KEY, "MS_SECRET", SECRET), clock, () -> 0.5);
        RequestSpec r = client.request("GET", "/Contacts");
        long epoch = clock.now().getEpochSecond();
        assertEquals(1767225601L, epoch);

        AuthTypes.select("marketsharp", client.connection().auth(), client.secrets()).apply(r, client);

        String header = r.headers().get("Authorization");
        assertEquals(COY + ":" + KEY + ":" + epoch + ":" + expected(epoch), header);
        assertEquals(44, header.substring(header.lastIndexOf(':') + 1).length(), "standard base64 of 32 bytes");
        assertFalse(header.startsWith("Basic") || header.startsWith("Bearer"), "no scheme word");
        assertEquals(MarketSharpSigner.header(COY, KEY, SECRET, epoch), header);
    }

    @Test
    void aKnownVector() {
        // HMAC-SHA256(key = "thirty-two bytes of secret key!!", "12390f8fad5b-d9cb-469f-a165-70867728950e1700000000")
        String h = MarketSharpSigner.header(COY, KEY, SECRET, 1_700_000_000L);
        assertTrue(h.startsWith("1239:0f8fad5b-d9cb-469f-a165-70867728950e:1700000000:"), h);
        assertEquals(h, MarketSharpSigner.header(COY, KEY, " " + SECRET + "\n", 1_700_000_000L), "surrounding blanks ignored");
    }

    @Test
    void aSecretThatIsNotBase64GivesAClearErrorWithoutEchoingIt() {
        String bad = "not*base64*secret!";
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> MarketSharpSigner.header(COY, KEY, bad, 1L));
        assertTrue(e.getMessage().contains("MARKETSHARP_SECRET_KEY") && e.getMessage().contains("not base64"), e.getMessage());
        assertFalse(e.getMessage().contains(bad));
    }

    @Test
    void everyOptionMustBeAnEnvReferenceAndAllThreeAreNeeded() {
        var problems = assertThrows(HttpDefinitionException.class, () -> HttpDefinitions.connection("marketsharp", Defs.yaml("""
                base_url: https://api4.marketsharpm.com/WcfDataService.svc
                auth: {type: signed, signer: marketsharp, company_id: "1239", api_key: "${MS_KEY}"}
                """), Map.of())).getMessage();
        assertTrue(problems.contains("company_id must be a ${ENV_VAR} reference"), problems);
        assertTrue(problems.contains("secret_key is required"), problems);
        var unset = assertThrows(HttpSourceNotConfiguredException.class, () -> new ApiClient(connection(), Map.of()));
        assertTrue(unset.getMessage().contains("MS_COY") && unset.getMessage().contains("MS_SECRET"), unset.getMessage());
        assertEquals(URI.create("https://api4.marketsharpm.com/WcfDataService.svc"), connection().baseUrl());
    }
}
