package dev.caravan.definition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A system's connection.yaml sits beside its objects and is not read as one. */
class DefinitionFilesTest {

    @Test
    void connectionFileIsNotAnObject(@TempDir Path dir) throws Exception {
        Path system = Files.createDirectories(dir.resolve("acme"));
        Files.writeString(system.resolve("widgets.yaml"), """
                system: acme
                object: widgets
                table: acme_widgets
                key: [id]
                columns:
                  - {name: id, type: text}
                """);
        Files.writeString(system.resolve(DefinitionRegistry.CONNECTION_FILE), """
                system: acme
                base_url: https://api.example.com
                auth: {type: bearer, token: "${ACME_TOKEN}"}
                """);

        List<ObjectDefinition> found = DefinitionRegistry.loadDirectory(dir);

        assertEquals(1, found.size());
        assertEquals("acme.widgets", found.get(0).qualifiedName());
    }

    @Test
    void theBuiltInDefinitionsStillLoadAndValidateBesideHubSpotsConnection() {
        assertTrue(Files.exists(Path.of("definitions/hubspot", DefinitionRegistry.CONNECTION_FILE)));

        DefinitionRegistry registry = new DefinitionRegistry(DefinitionRegistry.loadDirectory(Path.of("definitions")), List.of());

        assertTrue(registry.find("hubspot", "zip_codes").isPresent());
        assertFalse(registry.find("hubspot", "connection").isPresent());
    }

    @Test
    void onlyYamlOtherThanConnectionIsAnObjectFile() {
        assertTrue(DefinitionRegistry.isObjectFile(Path.of("definitions/hubspot/contacts.yaml")));
        assertTrue(DefinitionRegistry.isObjectFile(Path.of("definitions/hubspot/contacts.yml")));
        assertFalse(DefinitionRegistry.isObjectFile(Path.of("definitions/hubspot/connection.yaml")));
        assertFalse(DefinitionRegistry.isObjectFile(Path.of("definitions/hubspot/README.md")));
    }
}
