package dev.caravan.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.pipeline.ImportProgress;
import dev.caravan.pipeline.ImportRequest;
import dev.caravan.pipeline.ImportResult;
import dev.caravan.pipeline.ImportService;
import dev.caravan.testing.Sql;
import dev.caravan.warehouse.RunCounts;
import dev.caravan.warehouse.Warehouse;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The run lifecycle on a real warehouse: files that change under a run, and the sweep of dead owners' runs. */
@QuarkusTest
class RunLifecycleTest {

    static final String HEADER = "Lead ID,Email Address,Submission Timestamp\n";

    @Inject
    ImportService imports;

    @Inject
    RunSweeper sweeper;

    @Inject
    Warehouse warehouse;

    @BeforeEach
    void clean() {
        Sql.reset(warehouse);
    }

    static String rows(int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            sb.append("C").append(i).append(",c").append(i).append("@example.com,2025-07-01\n");
        }
        return sb.toString();
    }

    @Test
    void aFileThatGrowsWhileItIsReadIsNotReportedCompletedAndIsCompletedWhenReadAgain() throws IOException {
        Path file = Files.createDirectories(Path.of("target/test-files/lifecycle")).resolve("growing.csv");
        Files.writeString(file, HEADER + rows(0, 50));
        AtomicBoolean appended = new AtomicBoolean();
        ImportProgress writerResumes = new ImportProgress() {
            @Override
            public void batchCommitted(long runId, RunCounts totals, long bytesRead) {
                if (appended.compareAndSet(false, true)) {
                    try {
                        Files.writeString(file, rows(50, 80), StandardOpenOption.APPEND);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        };
        ImportResult first = imports.importFile(new ImportRequest("leadconduit", "leads", file, "growing.csv", "inbox",
                false, 10, false), writerResumes);
        assertEquals("failed", first.summary().status());
        assertTrue(first.summary().error().contains("file changed while reading"), first.summary().error());
        assertEquals(ImportResult.Disposition.RETRY, first.disposition(), "the file stays to be read again");
        long landed = Sql.count(warehouse, "leadconduit_leads");
        assertEquals(landed, first.summary().inserted(), "the run's counts are what was committed");

        ImportResult second = imports.importFile(new ImportRequest("leadconduit", "leads", file, "growing.csv", "inbox",
                false, 10, false), ImportProgress.NONE);
        assertEquals("completed", second.summary().status());
        assertEquals(80L, Sql.count(warehouse, "leadconduit_leads"), "nothing lost");
        assertEquals(80, second.summary().read());
        assertEquals(landed, second.summary().unchanged(), "rows committed by the first run count as unchanged");
        assertEquals(0, Sql.count(warehouse, "caravan_reject"));
    }

    @Test
    void theSweepClosesRunsOfEveryTriggerWhoseOwnerStoppedBeatingAndLeavesLiveOnes() {
        for (String trigger : new String[] {"rest", "schedule", "cli", "inbox"}) {
            Sql.exec(warehouse, "INSERT INTO caravan_run (source, object, triggered_by, status, host, heartbeat_at)"
                    + " VALUES ('genius', 'users', '" + trigger + "', 'running', 'old-pod:1',"
                    + " DATEADD('MINUTE', -10, CURRENT_TIMESTAMP))");
        }
        Sql.exec(warehouse, "INSERT INTO caravan_run (source, object, triggered_by, status, host)"
                + " VALUES ('genius', 'users', 'rest', 'running', 'live-pod:1')");
        assertEquals(4, sweeper.sweep());
        Map<String, Object> left = Sql.rows(warehouse, "SELECT host FROM caravan_run WHERE status = 'running'").get(0);
        assertEquals("live-pod:1", left.get("host"));
        assertEquals(4L, Sql.rows(warehouse, "SELECT COUNT(*) AS n FROM caravan_run WHERE status = 'failed'"
                + " AND error LIKE 'abandoned: its owner old-pod:1 stopped beating%'").get(0).get("n"));
        assertEquals(0, sweeper.sweep(), "nothing more to close");
    }
}
