package dev.caravan.source.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The part-2 systems' definitions load and validate, and Klaviyo and Shopify need no Java of their
 * own: no main source names them in code (string literals or class names), only in comments.
 */
class PartTwoDefinitionsTest {

    static JsonNode yaml(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            return HttpDefinitions.readYaml(in);
        }
    }

    static void loadsEveryObject(String system, Map<String, String> env) throws IOException {
        Path dir = Path.of("definitions", system);
        HttpConnection c = HttpDefinitions.connection(system, yaml(dir.resolve("connection.yaml")), env);
        assertNotNull(c.baseUrl());
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                String name = f.getFileName().toString();
                if (name.equals("connection.yaml") || name.equals("webhook.yaml")) {
                    continue;
                }
                JsonNode http = yaml(f).get("http");
                if (http != null) {
                    assertNotNull(HttpDefinitions.resource(system + "." + name, http));
                }
            }
        }
    }

    @Test
    void everyPartTwoDefinitionLoads() throws IOException {
        loadsEveryObject("klaviyo", Map.of());
        loadsEveryObject("shopify", Map.of("SHOPIFY_SHOP", "acme"));
        loadsEveryObject("leadconduit", Map.of());
        loadsEveryObject("genius", Map.of("GENIUS_BASE_URL", "https://genius.example"));
    }

    @Test
    void shopifysBaseUrlIsBuiltFromTheShopAndAVersion() throws IOException {
        Path conn = Path.of("definitions/shopify/connection.yaml");
        assertEquals(URI.create("https://acme.myshopify.com/admin/api/2026-07"),
                HttpDefinitions.connection("shopify", yaml(conn), Map.of("SHOPIFY_SHOP", "acme")).baseUrl());
        assertEquals(URI.create("https://acme.myshopify.com/admin/api/2025-10"),
                HttpDefinitions.connection("shopify", yaml(conn), Map.of("SHOPIFY_SHOP", "acme", "SHOPIFY_API_VERSION", "2025-10")).baseUrl());
        HttpSourceNotConfiguredException e = org.junit.jupiter.api.Assertions.assertThrows(HttpSourceNotConfiguredException.class,
                () -> HttpDefinitions.connection("shopify", yaml(conn), Map.of()));
        assertTrue(e.getMessage().contains("SHOPIFY_SHOP") && e.getMessage().contains("SHOPIFY_BASE_URL"), e.getMessage());
        HttpDefinitionException hostile = org.junit.jupiter.api.Assertions.assertThrows(HttpDefinitionException.class,
                () -> HttpDefinitions.connection("shopify", yaml(conn), Map.of("SHOPIFY_SHOP", "evil.com/x?")));
        assertTrue(hostile.getMessage().contains("SHOPIFY_SHOP must be a plain name"), hostile.getMessage());
    }

    @Test
    void leadconduitTakesSeedZerosBaseUrlVariable() throws IOException {
        Path conn = Path.of("definitions/leadconduit/connection.yaml");
        assertEquals(URI.create("https://app.leadconduit.com"), HttpDefinitions.connection("leadconduit", yaml(conn), Map.of()).baseUrl());
        assertEquals(URI.create("http://127.0.0.1:9"), HttpDefinitions.connection("leadconduit", yaml(conn),
                Map.of("ACTIVEPROSPECT_BASE_URL", "http://127.0.0.1:9")).baseUrl());
        assertEquals(URI.create("http://127.0.0.1:8"), HttpDefinitions.connection("leadconduit", yaml(conn),
                Map.of("activeprospect_base_url", "http://127.0.0.1:8")).baseUrl(), "a seed's lower-case .env spelling");
    }

    @Test
    void klaviyoAndShopifyHaveNoJavaOfTheirOwn() throws IOException {
        Pattern literal = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String name = f.getFileName().toString().toLowerCase();
                if (name.contains("klaviyo") || name.contains("shopify")) {
                    found.add(f + " (class name)");
                }
                String code = Files.readString(f).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
                Matcher m = literal.matcher(code);
                while (m.find()) {
                    String s = m.group().toLowerCase();
                    if (s.contains("klaviyo") || s.contains("shopify")) {
                        found.add(f + ": " + m.group());
                    }
                }
            }
        }
        assertEquals(List.of(), found, "Klaviyo and Shopify are definitions only");
    }
}
