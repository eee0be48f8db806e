package dev.caravan.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.pipeline.ImportProgress;
import dev.caravan.pipeline.ImportRequest;
import dev.caravan.pipeline.ImportService;
import dev.caravan.pipeline.RunSummary;
import dev.caravan.warehouse.RejectRecord;
import dev.caravan.warehouse.RunCounts;
import dev.caravan.warehouse.RunLog;
import java.util.List;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;

/** ./caravan import SYSTEM OBJECT FILE: one import, then exit (0 completed, 1 failed, 2 usage error). */
@CommandLine.Command(name = "import", description = "Import one file now (a progress bar on a terminal, a summary at the end).",
        exitCodeList = {"0:the run completed (rejects allowed) or was skipped as already imported",
            "1:the run failed, or could not start (warehouse unreachable)",
            "2:usage error (unknown system or object, missing file, bad option)"})
public class ImportCommand implements Callable<Integer> {

    @CommandLine.Parameters(index = "0", paramLabel = "SYSTEM", description = "e.g. leadconduit, genius, crm")
    String system;

    @CommandLine.Parameters(index = "1", paramLabel = "OBJECT", description = "e.g. leads, prospects, companies")
    String object;

    @CommandLine.Parameters(index = "2", paramLabel = "FILE", description = "CSV, JSON lines or JSON array")
    Path file;

    @CommandLine.Option(names = "--dry-run", description = "Parse, clean, validate and compare with the warehouse; write nothing to target tables.")
    boolean dryRun;

    @CommandLine.Option(names = "--batch-size", paramLabel = "N", description = "Rows per transaction (default: BATCH_SIZE or 1000).")
    int batchSize;

    @CommandLine.Option(names = "--force", description = "Import even if the same content was imported before.")
    boolean force;

    @CommandLine.Option(names = "--json", description = "Print exactly one JSON object on stdout.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Inject
    ImportService imports;

    @Inject
    RunLog runLog;

    static final int DRY_RUN_REJECTS_SHOWN = 25;

    @Override
    public Integer call() throws Exception {
        PrintStream err = System.err;
        if (batchSize < 0) {
            return usage("--batch-size must be a positive number");
        }
        try {
            imports.definition(system, object);
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        if (!Files.isRegularFile(file)) {
            return usage("file not found: " + file);
        }
        boolean bar = !json && System.console() != null;
        ProgressReporter progress = new ProgressReporter(bar);
        RunSummary summary;
        try {
            summary = imports.run(new ImportRequest(system, object, file.toAbsolutePath(), file.getFileName().toString(),
                    "cli", dryRun, batchSize, force), progress);
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        } catch (RuntimeException e) {
            // The run could not even be opened (warehouse unreachable): no run id to report.
            err.println("caravan import: failed before the run started: " + e.getMessage());
            if (json) {
                System.out.println(new ObjectMapper().writeValueAsString(java.util.Map.of("status", "failed",
                        "dryRun", dryRun, "error", String.valueOf(e.getMessage()))));
            }
            return 1;
        } finally {
            progress.close();
        }
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(summary));
        } else {
            printSummary(summary);
        }
        if (summary.failed()) {
            err.println("Import failed: " + summary.error());
        }
        return summary.failed() ? 1 : 0;
    }

    private int usage(String message) {
        throw new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private void printSummary(RunSummary s) {
        PrintStream out = System.out;
        out.printf("%nRun %d  %s.%s  %s%s%n", s.runId(), system, object, s.status().toUpperCase(),
                s.dryRun() ? "  (dry run: nothing written)" : "");
        String verb = s.dryRun() ? "would be " : "";
        out.printf("  %-22s %,12d%n", "read", s.read());
        out.printf("  %-22s %,12d%n", verb + "inserted", s.inserted());
        out.printf("  %-22s %,12d%n", verb + "updated", s.updated());
        out.printf("  %-22s %,12d%n", "unchanged", s.unchanged());
        out.printf("  %-22s %,12d%n", "rejected", s.rejected());
        if (s.message() != null) {
            out.println("  note: " + s.message());
        }
        if (s.dryRun()) {
            List<RejectRecord> rejects = runLog.rejectsOf(s.runId(), DRY_RUN_REJECTS_SHOWN + 1);
            if (!rejects.isEmpty()) {
                out.println("\n  line  action    column                reason");
                rejects.stream().limit(DRY_RUN_REJECTS_SHOWN).forEach(r -> out.printf("  %4s  %-8s  %-20s  %s%n",
                        r.line() == null ? "" : r.line(), r.action(), r.column() == null ? "(row)" : r.column(), r.reason()));
            }
            if (rejects.size() > DRY_RUN_REJECTS_SHOWN) {
                out.printf("  … all of them: ./caravan rejects %d%n", s.runId());
            }
        } else if (s.rejected() > 0) {
            out.printf("  rejects: ./caravan rejects %d%n", s.runId());
        }
    }

    /** A progress bar over the file's bytes, advanced after each committed batch. */
    static final class ProgressReporter implements ImportProgress, AutoCloseable {
        private final boolean enabled;
        private ProgressBar bar;

        ProgressReporter(boolean enabled) {
            this.enabled = enabled;
        }

        @Override
        public void started(long runId, long fileSize, long lines) {
            if (enabled) {
                bar = new ProgressBarBuilder().setTaskName("run " + runId).setInitialMax(Math.max(1, fileSize))
                        .setStyle(ProgressBarStyle.ASCII).setUnit(" MB", 1 << 20).showSpeed()
                        .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build();
            }
        }

        @Override
        public void batchCommitted(long runId, RunCounts totals, long bytesRead) {
            if (bar != null) {
                bar.stepTo(bytesRead);
                bar.setExtraMessage(String.format(" %,d rows, %,d rejected", totals.read, totals.rejected));
            }
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }
}
