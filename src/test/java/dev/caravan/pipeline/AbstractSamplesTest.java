package dev.caravan.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.testing.Sql;
import dev.caravan.warehouse.RunLog;
import dev.caravan.warehouse.Warehouse;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every shipped sample imports with the counts samples/README.md documents (the table there is
 * read by this test, so the documentation and the behaviour cannot drift apart), then a second
 * import of every sample is recognised as already imported.
 */
public abstract class AbstractSamplesTest {

    record Expected(String system, String object, Path file, long read, long inserted, long updated, long unchanged,
            long rejected, long nulled) {
    }

    @Inject
    ImportService imports;

    @Inject
    Warehouse warehouse;

    @Inject
    RunLog runLog;

    @Inject
    dev.caravan.definition.DefinitionRegistry definitions;

    static List<Expected> expectations() throws IOException {
        List<Expected> out = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("samples/README.md"))) {
            String[] cells = line.split("\\|");
            if (cells.length < 10 || !cells[3].trim().startsWith("samples/")) {
                continue;
            }
            out.add(new Expected(cells[1].trim(), cells[2].trim(), Path.of(cells[3].trim()), num(cells[4]), num(cells[5]),
                    num(cells[6]), num(cells[7]), num(cells[8]), num(cells[9])));
        }
        return out;
    }

    private static long num(String cell) {
        return Long.parseLong(cell.trim());
    }

    @Test
    void everySampleImportsWithItsDocumentedCountsAndIsSkippedWhenDroppedAgain() throws IOException {
        Sql.reset(warehouse);
        List<Expected> all = expectations();
        assertFalse(all.isEmpty(), "samples/README.md lists the samples");
        for (dev.caravan.definition.ObjectDefinition d : definitions.all()) {
            if (!d.synced()) {
                assertTrue(all.stream().anyMatch(e -> e.system().equals(d.system()) && e.object().equals(d.object())),
                        "every file-only object has a sample: " + d.qualifiedName());
            }
        }
        for (Expected e : all) {
            RunSummary s = imports.run(new ImportRequest(e.system(), e.object(), e.file(), e.file().getFileName().toString(),
                    "cli", false, 5, false), ImportProgress.NONE);
            String what = e.system() + "." + e.object() + " " + s;
            assertEquals("completed", s.status(), what);
            assertEquals(e.read(), s.read(), "read " + what);
            assertEquals(e.inserted(), s.inserted(), "inserted " + what);
            assertEquals(e.updated(), s.updated(), "updated " + what);
            assertEquals(e.unchanged(), s.unchanged(), "unchanged " + what);
            assertEquals(e.rejected(), s.rejected(), "rejected " + what);
            long nulled = runLog.rejectsOf(s.runId(), 10_000).stream().filter(r -> r.action().equals("nulled")).count();
            assertEquals(e.nulled(), nulled, "nulled " + what);
            String table = imports.definition(e.system(), e.object()).table();
            assertEquals(e.inserted(), Sql.count(warehouse, table), "rows in " + table);
        }
        for (Expected e : all) {
            RunSummary again = imports.run(new ImportRequest(e.system(), e.object(), e.file(), null, "cli", false, 0, false),
                    ImportProgress.NONE);
            assertEquals("skipped", again.status(), e.system() + "." + e.object());
        }
    }
}
