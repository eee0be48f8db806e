package dev.caravan.source.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Definitions for the tests: the real HubSpot files, and small YAML snippets. */
final class Defs {

    static final String TOKEN = "pat-na1-11111111-2222-3333-4444-555555555555";

    private Defs() {
    }

    static JsonNode yaml(String text) {
        try {
            return HttpDefinitions.readYaml(new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** definitions/hubspot/connection.yaml, pointed at the fake by HUBSPOT_BASE_URL. */
    static HttpConnection hubspot(URI base) {
        try (InputStream in = Files.newInputStream(Path.of("definitions/hubspot/connection.yaml"))) {
            return HttpDefinitions.connection("hubspot", HttpDefinitions.readYaml(in), Map.of("HUBSPOT_BASE_URL", base.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The contacts object's http: block (definitions/hubspot/contacts.yaml). */
    static HttpResource contacts() {
        try (InputStream in = Files.newInputStream(Path.of("definitions/hubspot/contacts.yaml"))) {
            return HttpDefinitions.resource("hubspot.contacts", HttpDefinitions.readYaml(in).get("http"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    static HttpConnection connection(String yaml) {
        return HttpDefinitions.connection("acme", yaml(yaml), Map.of());
    }

    static HttpResource resource(String yaml) {
        return HttpDefinitions.resource("acme.things", yaml(yaml));
    }
}
