package dev.caravan.source.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** OData v2 Atom feeds into the engine's JSON view, and the refusals. */
class AtomFeedTest {

    static final String HEAD = "<feed xmlns:d=\"http://schemas.microsoft.com/ado/2007/08/dataservices\""
            + " xmlns:m=\"http://schemas.microsoft.com/ado/2007/08/dataservices/metadata\" xmlns=\"http://www.w3.org/2005/Atom\">";

    private static JsonNode parse(String xml) {
        return AtomFeed.parse(xml.getBytes(StandardCharsets.UTF_8), "marketsharp: GET /Contacts");
    }

    @Test
    void theRecordedSamplePageGivesFieldsTypesNullsAndTheNextLink() throws Exception {
        JsonNode feed = AtomFeed.parse(Files.readAllBytes(Path.of("samples/api/marketsharp/contacts.xml")), "sample");

        assertEquals(2, feed.path("entries").size());
        JsonNode jane = feed.at("/entries/0");
        assertEquals("0b7c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3", jane.path("id").asText());
        assertTrue(jane.path("middleInitial").isNull(), "m:null=\"true\" is null");
        assertTrue(jane.path("qbSyncDate").isNull(), "a typed null is null too");
        assertEquals("", jane.path("title").asText(), "an empty string stays an empty string");
        assertTrue(jane.path("title").isTextual());
        assertTrue(jane.path("email1CanMail").isBoolean() && jane.path("email1CanMail").asBoolean());
        assertEquals("2024-03-05T10:00:00.123-05:00", jane.path("lastUpdate").asText(), "dates kept as sent");
        assertEquals("1000", jane.path("companyId").asText(), "untyped values stay text");
        assertFalse(jane.has("Address"), "navigation links are not fields");
        assertEquals("Robert & Ann", feed.at("/entries/1/firstName").asText());
        assertEquals("https://api4.marketsharpm.com/WcfDataService.svc/Contacts?$filter=lastUpdate%20ge%20datetime'2024-03-05T00:00:00'"
                + "&$orderby=lastUpdate&$skiptoken='5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9'", feed.path("next").asText());
    }

    @Test
    void numbersAreNumbersAndAnEmptyFeedHasNoEntriesAndNoNext() {
        JsonNode feed = parse(HEAD + "<entry><content type=\"application/xml\"><m:properties>"
                + "<d:n m:type=\"Edm.Int32\">42</d:n><d:price m:type=\"Edm.Decimal\">1234.50</d:price>"
                + "<d:bad m:type=\"Edm.Int32\">forty</d:bad></m:properties></content></entry></feed>");
        assertEquals(42, feed.at("/entries/0/n").asInt());
        assertTrue(feed.at("/entries/0/n").isNumber());
        assertEquals("1234.50", feed.at("/entries/0/price").decimalValue().toPlainString());
        assertEquals("forty", feed.at("/entries/0/bad").asText(), "a malformed number is kept as text for the cleaner");

        JsonNode empty = parse("<?xml version=\"1.0\"?>" + HEAD + "<title>Contacts</title></feed>");
        assertEquals(0, empty.path("entries").size());
        assertTrue(empty.path("next").isMissingNode());
    }

    @Test
    void inlineExpandedEntriesAreNotMixedIntoTheRecord() {
        JsonNode feed = parse(HEAD + "<entry><link rel=\"http://schemas.microsoft.com/ado/2007/08/dataservices/related/Address\">"
                + "<m:inline><entry><content><m:properties><d:id>address-1</d:id><d:city>Kirkland</d:city></m:properties>"
                + "</content></entry></m:inline></link><content><m:properties><d:id>contact-1</d:id></m:properties></content></entry></feed>");
        assertEquals(1, feed.path("entries").size());
        assertEquals("contact-1", feed.at("/entries/0/id").asText());
        assertFalse(feed.at("/entries/0").has("city"));
    }

    @Test
    void controlCharactersXmlForbidsAreBlankedInsteadOfFailingThePage() {
        JsonNode feed = parse(HEAD + "<entry><content><m:properties><d:note>call\u0001 back&#x1F;&#2; now &amp; then&#10;</d:note>"
                + "</m:properties></content></entry></feed>");
        assertEquals("call  back" + " ".repeat(11) + "now & then\n", feed.at("/entries/0/note").asText());
    }

    @Test
    void aTruncatedFeedIsABadResponseSayingSo() {
        String cut = HEAD + "<entry><content><m:properties><d:id>contact-1</d:id><d:firstName>Ja";
        BadResponseException e = assertThrows(BadResponseException.class, () -> parse(cut));
        assertTrue(e.getMessage().startsWith("marketsharp: GET /Contacts: response is not valid Atom XML ("), e.getMessage());
    }

    @Test
    void aDoctypeIsRefusedSoNoEntityIsEverExpandedOrFetched() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE feed [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" + HEAD
                + "<entry><content><m:properties><d:id>&x;</d:id></m:properties></content></entry></feed>";
        BadResponseException e = assertThrows(BadResponseException.class, () -> parse(xxe));
        assertTrue(e.getMessage().contains("response has a DOCTYPE; refused"), e.getMessage());
        assertFalse(e.getMessage().contains("root:"), "nothing of the file leaks");

        String bomb = "<?xml version=\"1.0\"?><!DOCTYPE feed [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">]>" + HEAD + "</feed>";
        assertThrows(BadResponseException.class, () -> parse(bomb));
    }

    @Test
    void garbageAndOtherDocumentsAreRefusedClearly() {
        assertTrue(assertThrows(BadResponseException.class, () -> parse("{\"d\":{\"results\":[]}}")).getMessage()
                .contains("not valid Atom XML"));
        assertTrue(assertThrows(BadResponseException.class, () -> parse("")).getMessage().contains("empty response body")
                || assertThrows(BadResponseException.class, () -> parse("")).getMessage().contains("not valid Atom XML"));
        assertTrue(assertThrows(BadResponseException.class, () -> parse("<html><body>Server Too Busy</body></html>")).getMessage()
                .contains("not an Atom feed (root element <html>)"));
    }

    @Test
    void anODataXmlErrorBodyGivesItsMessage() {
        byte[] body = ("<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?><error xmlns=\"http://schemas.microsoft.com/"
                + "ado/2007/08/dataservices/metadata\"><code></code><message xml:lang=\"en-US\">Resource not found for the segment"
                + " 'Customers'.</message></error>").getBytes(StandardCharsets.UTF_8);
        assertEquals("Resource not found for the segment 'Customers'.", ApiClient.errorMessage(body));
        assertEquals("<html>Server Too Busy</html>", ApiClient.errorMessage("<html>Server Too Busy</html>".getBytes(StandardCharsets.UTF_8)));
    }
}
