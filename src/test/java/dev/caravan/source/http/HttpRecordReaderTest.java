package dev.caravan.source.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.caravan.definition.ObjectDefinition;
import dev.caravan.source.SourceRecord;
import dev.caravan.testing.hubspot.FakeHubSpot;
import dev.caravan.testing.hubspot.HubSpotObjectType;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP engine as the pipeline sees it: records flattened onto the definition's columns, links
 * attached, --limit, and the search window that restarts before the result cap. Against the
 * HubSpot fake over real HTTP, no Quarkus.
 */
class HttpRecordReaderTest {

    static final String TOKEN = "pat-na1-reader-test";
    FakeHubSpot hubspot;
    ApiClient client;
    ObjectDefinition contacts;
    HttpResource resource;

    @BeforeEach
    void start() throws IOException {
        hubspot = FakeHubSpot.start(9L).privateAppToken(TOKEN).rateLimitsOff();
        client = new ApiClient(Defs.hubspot(URI.create(hubspot.baseUrl())), Defs.env("HUBSPOT_ACCESS_TOKEN", TOKEN));
        contacts = new ObjectMapper(new YAMLFactory()).readValue(Files.readString(Path.of("definitions/hubspot/contacts.yaml")),
                ObjectDefinition.class);
        resource = HttpDefinitions.resource("hubspot.contacts", contacts.http());
    }

    @AfterEach
    void stop() {
        hubspot.close();
    }

    List<SourceRecord> readAll(HttpRecordReader reader) {
        List<SourceRecord> out = new java.util.ArrayList<>();
        try {
            for (SourceRecord r = reader.next(); r != null; r = reader.next()) {
                out.add(r);
            }
        } finally {
            reader.close();
        }
        return out;
    }

    @Test
    void propertiesBecomeFieldsMappedByAliasAndEachRecordCarriesItsLinksAndResumePoint() {
        hubspot.seed(HubSpotObjectType.COMPANIES, 3);
        hubspot.seed(HubSpotObjectType.CONTACTS, 150);
        hubspot.data().seedAssociations();
        HttpRecordReader reader = new HttpRecordReader(contacts, resource, client, HttpRecordSource.full(client, resource), 0);

        List<SourceRecord> records = readAll(reader);

        assertEquals(150, records.size());
        assertTrue(reader.exhausted());
        SourceRecord first = records.get(0);
        int firstname = first.mapping().headers().indexOf("firstname");
        assertTrue(firstname >= 0, first.mapping().headers().toString());
        assertEquals(contacts.columnIndex("first_name"), first.mapping().columnOf(firstname), "mapped by its alias");
        int createdAt = first.mapping().headers().indexOf("createdAt");
        assertEquals(-1, first.mapping().columnOf(createdAt), "no column: kept in extra");
        assertFalse(first.mapping().headers().contains("properties"), "the flattened object is not a field itself");
        ApiPosition p = (ApiPosition) first.position();
        assertNotNull(p.id());
        assertEquals("companies", p.links().get(0).toType(), "the contact's company link came with it");
        assertEquals(null, p.resume(), "mid-page: a resume reads the first page again");
        ApiPosition endOfPage = (ApiPosition) records.get(99).position();
        assertNotNull(endOfPage.resume(), "a page's last record resumes after the page");
        assertTrue(first.rawText().startsWith("{") && first.rawText().contains("\"properties\""), "the record as fetched");
    }

    @Test
    void aLimitStopsTheReadMidPageAndSaysTheSourceWasNotReadToItsEnd() {
        hubspot.seed(HubSpotObjectType.CONTACTS, 150);
        HttpRecordReader reader = new HttpRecordReader(contacts, resource, client, HttpRecordSource.full(client, resource), 30);

        assertEquals(30, readAll(reader).size());
        assertTrue(reader.limited());
        assertFalse(reader.exhausted());
        assertTrue(hubspot.count(FakeHubSpot.list(HubSpotObjectType.CONTACTS)) <= 1 + 2 * HttpRecordReader.AHEAD,
                "pages fetched ahead of the pipeline are bounded");
    }

    @Test
    void aSearchThatWouldPassItsResultCapStartsANewWindowAndLosesNothing() {
        hubspot.searchResultCap(10_000);
        List<String> ids = hubspot.seed(HubSpotObjectType.CONTACTS, 10_300, Instant.parse("2024-03-01T00:00:00Z"),
                Instant.parse("2024-03-02T00:00:00Z")).stream().map(r -> String.valueOf(r.id())).toList();
        HttpRecordSource source = new HttpRecordSource(client, resource, Map.of(), null, Instant.parse("2024-02-01T00:00:00Z"), null);
        HttpRecordReader reader = new HttpRecordReader(contacts, resource, client, source, 0);

        Set<String> seen = new HashSet<>();
        for (SourceRecord r : readAll(reader)) {
            seen.add(((ApiPosition) r.position()).id());
        }

        assertEquals(new HashSet<>(ids), seen, "every record, those past 10,000 included");
        assertEquals(1, reader.windowRestarts());
        assertEquals(0, hubspot.statusCount(400), "never asked for a page past the cap");
    }

    @Test
    void moreRecordsAtOneInstantThanTheCapFailClearlyInsteadOfSkipping() {
        hubspot.searchResultCap(300);
        Instant same = Instant.parse("2024-03-01T00:00:00Z");
        List<String> ids = hubspot.seed(HubSpotObjectType.CONTACTS, 700).stream().map(r -> String.valueOf(r.id())).toList();
        hubspot.data().modify(HubSpotObjectType.CONTACTS, ids, same, Map.of("city", "Austin"));
        HttpResource capped = HttpDefinitions.resource("hubspot.contacts", withCap(300));
        HttpRecordSource source = new HttpRecordSource(client, capped, Map.of(), null, same, null);
        HttpRecordReader reader = new HttpRecordReader(contacts, capped, client, source, 0);

        BadResponseException e = assertThrows(BadResponseException.class, () -> readAll(reader));
        assertTrue(e.getMessage().contains("more than 300 records changed at"), e.getMessage());
    }

    private com.fasterxml.jackson.databind.JsonNode withCap(int cap) {
        var http = contacts.http().deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) http.get("incremental")).put("max_results", cap);
        return http;
    }
}
