package dev.caravan.definition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.source.http.HttpConnection;
import dev.caravan.source.http.HttpDefinitions;
import dev.caravan.source.http.HttpResource;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every definitions/marketsharp file loads and validates, and V13 has a table with every column each one declares. */
class MarketSharpDefinitionsTest {

    static final Set<String> OBJECTS = Set.of("contacts", "contact_types", "addresses", "contact_phones", "inquiries",
            "appointments", "jobs");
    static final Set<String> FULL_RELOAD = Set.of("addresses", "contact_phones", "contact_types");

    @Test
    void theConnectionParsesAsAnAtomSignedNextUrlConnectionWithARateLimit() throws Exception {
        try (InputStream in = Files.newInputStream(Path.of("definitions/marketsharp/connection.yaml"))) {
            HttpConnection c = HttpDefinitions.connection("marketsharp", HttpDefinitions.readYaml(in), Map.of());
            assertEquals(HttpConnection.Format.ATOM, c.format());
            assertEquals("https://api4.marketsharpm.com/WcfDataService.svc", c.baseUrl().toString());
            assertTrue(c.headers().get("Accept").startsWith("application/atom+xml"));
            assertNotNull(c.rateLimits().get(HttpConnection.DEFAULT_BUCKET), "503 halves the default bucket's pace");
        }
    }

    @Test
    void everyObjectLoadsWithItsHttpBlockAndItsTable() throws Exception {
        List<ObjectDefinition> all = DefinitionRegistry.loadDirectory(Path.of("definitions")).stream()
                .filter(d -> d.system().equals("marketsharp")).toList();
        assertEquals(OBJECTS, Set.copyOf(all.stream().map(ObjectDefinition::object).toList()));
        String sql = Files.readString(Path.of("src/main/resources/db/migration/common/V13__marketsharp.sql"));
        for (ObjectDefinition d : all) {
            assertTrue(d.api(), d.qualifiedName());
            HttpResource r = HttpDefinitions.resource(d.qualifiedName(), d.http());
            assertEquals("/entries", r.records().toString(), d.qualifiedName());
            assertEquals(FULL_RELOAD.contains(d.object()), r.incremental() == null, d.qualifiedName() + ": incremental iff lastUpdate");
            if (r.incremental() != null) {
                assertEquals("$filter", r.incremental().param());
                assertEquals("lastUpdate ge datetime'{since}'", r.incremental().value());
                assertEquals("iso_local", r.incremental().format());
            }
            assertEquals("marketsharp_" + d.object(), d.table());
            Matcher m = Pattern.compile("CREATE TABLE " + d.table() + " \\((.*?)\\n\\);", Pattern.DOTALL).matcher(sql);
            assertTrue(m.find(), d.table() + " in V13");
            String body = m.group(1).toLowerCase(Locale.ROOT);
            for (ColumnDefinition c : d.columns()) {
                assertTrue(Pattern.compile("\\n\\s+" + c.name() + "\\s").matcher(body).find(), d.table() + "." + c.name());
            }
            assertTrue(body.contains("constraint " + d.table() + "_key unique (" + d.key().get(0) + ")"), d.table());
        }
        assertNull(DefinitionRegistry.loadDirectory(Path.of("definitions")).stream()
                .filter(d -> d.qualifiedName().equals("marketsharp.connection")).findFirst().orElse(null));
    }
}
