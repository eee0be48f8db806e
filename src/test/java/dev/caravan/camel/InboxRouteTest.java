package dev.caravan.camel;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.testing.Sql;
import dev.caravan.warehouse.Warehouse;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The drop-folder route: real files in a real folder, picked up by the running service. */
@QuarkusTest
class InboxRouteTest {

    static final Path INBOX = Path.of("target/test-inbox");
    static final String HEADER = "Lead ID,Email Address,Submission Timestamp\n";

    @Inject
    Warehouse warehouse;

    @BeforeEach
    void clean() throws IOException {
        Sql.reset(warehouse);
        for (String dir : List.of(".done", ".failed")) {
            Path p = INBOX.resolve(dir);
            if (Files.exists(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }

    static Path drop(String system, String object, String name, String content) throws IOException {
        Path dir = Files.createDirectories(INBOX.resolve(system).resolve(object));
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
    void aDroppedFileIsImportedAndMovedToDone() throws IOException {
        Path file = drop("leadconduit", "leads", "inbox-ok.csv", HEADER + "I1,a@example.com,2025-07-01\nI2,b@example.com,2025-07-02\n");
        await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(file)
                && !found(INBOX.resolve(".done/leadconduit/leads"), "inbox-ok.csv").isEmpty());
        List<Map<String, Object>> runs = Sql.rows(warehouse, "SELECT * FROM caravan_run WHERE file_name = 'inbox-ok.csv'");
        assertEquals(1, runs.size());
        assertEquals("completed", runs.get(0).get("status"));
        assertEquals("inbox", runs.get(0).get("triggered_by"));
        assertEquals(2L, runs.get(0).get("rows_inserted"));
    }

    @Test
    void theSameContentDroppedAgainIsSkippedWithARunRecord() throws IOException {
        String content = HEADER + "S1,s@example.com,2025-07-01\n";
        Path first = drop("leadconduit", "leads", "same-1.csv", content);
        await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(first));
        Path second = drop("leadconduit", "leads", "same-2.csv", content);
        await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(second));
        Map<String, Object> run = Sql.rows(warehouse, "SELECT * FROM caravan_run WHERE file_name = 'same-2.csv'").get(0);
        assertEquals("skipped", run.get("status"));
        assertTrue(String.valueOf(run.get("message")).contains("already imported"), String.valueOf(run.get("message")));
        assertEquals(1, found(INBOX.resolve(".done/leadconduit/leads"), "same-2.csv.skipped.txt").size());
    }

    @Test
    void aFileThatFailsGoesToFailedWithItsReason() throws IOException {
        Path file = drop("leadconduit", "leads", "broken.csv", HEADER + "B1,\"unclosed,2025-07-01\n");
        await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(file)
                && !found(INBOX.resolve(".failed/leadconduit/leads"), "broken.csv.reason.txt").isEmpty());
        Path reason = found(INBOX.resolve(".failed/leadconduit/leads"), "broken.csv.reason.txt").get(0);
        String text = Files.readString(reason);
        assertTrue(text.contains("malformed CSV") && text.contains("line 2"), text);
        assertEquals(1, found(INBOX.resolve(".failed/leadconduit/leads"), "broken.csv").size(), "the file itself is kept");
    }

    @Test
    void aFileForAnUnknownObjectIsNotLostAndSaysWhatIsValid() throws IOException {
        Path file = drop("leadconduit", "nosuch", "what.csv", HEADER);
        await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(file)
                && !found(INBOX.resolve(".failed/leadconduit/nosuch"), "what.csv.reason.txt").isEmpty());
        String text = Files.readString(found(INBOX.resolve(".failed/leadconduit/nosuch"), "what.csv.reason.txt").get(0));
        assertTrue(text.contains("unknown object 'nosuch'") && text.contains("leads"), text);
    }
}
