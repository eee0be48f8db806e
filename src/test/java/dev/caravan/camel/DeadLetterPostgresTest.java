package dev.caravan.camel;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.testing.PostgresProfile;
import dev.caravan.testing.Sql;
import dev.caravan.warehouse.Warehouse;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * An error that escapes row handling (the target table is gone) goes through the shared error
 * handler to the dead-letter route. On PostgreSQL: the test changes the schema under the running
 * service, which the embedded H2 does not take well within one test JVM.
 */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class DeadLetterPostgresTest {

    static final Path INBOX = Path.of("target/test-inbox-pg");

    @Inject
    Warehouse warehouse;

    static Path drop(String name, String content) throws IOException {
        Path dir = Files.createDirectories(INBOX.resolve("leadconduit").resolve("leads"));
        Path tmp = dir.resolve("." + name + ".part");
        Files.writeString(tmp, content);
        return Files.move(tmp, dir.resolve(name));
    }

    static List<Path> found(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
        }
    }

    @Test
    void anErrorThatEscapesTheRowsIsKeptAsADeadLetter() throws IOException {
        Sql.reset(warehouse);
        Sql.exec(warehouse, "ALTER TABLE leadconduit_leads RENAME TO leadconduit_leads_away");
        try {
            Path file = drop("no-table-" + System.nanoTime() + ".csv", InboxRouteTest.HEADER + "D1,d@example.com,2025-07-01\n");
            await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(file));
        } finally {
            Sql.exec(warehouse, "ALTER TABLE leadconduit_leads_away RENAME TO leadconduit_leads");
        }
        List<Map<String, Object>> letters = Sql.rows(warehouse, "SELECT * FROM caravan_dead_letter ORDER BY id DESC");
        assertTrue(letters.size() >= 1);
        assertEquals("upsert-batch", letters.get(0).get("route_id"));
        assertTrue(String.valueOf(letters.get(0).get("body")).contains("D1,d@example.com"), "the batch's raw records are kept");
        assertTrue(String.valueOf(letters.get(0).get("reason")).toLowerCase().contains("leadconduit_leads"));
        Map<String, Object> run = Sql.rows(warehouse, "SELECT * FROM caravan_run WHERE file_name LIKE 'no-table-%' ORDER BY id DESC").get(0);
        assertEquals("failed", run.get("status"));
        assertTrue(found(INBOX.resolve(".failed/leadconduit/leads"), ".csv").stream()
                .anyMatch(p -> p.getFileName().toString().contains("no-table-")), "the file is kept in the failed folder");
    }
}
