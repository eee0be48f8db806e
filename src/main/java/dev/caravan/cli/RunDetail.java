package dev.caravan.cli;

import dev.caravan.drift.Drift;
import dev.caravan.warehouse.RunRecord;
import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** One run in full for {@code ./caravan runs RUN_ID}; source text (file names, messages, drift names) is escaped. */
final class RunDetail {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");

    private RunDetail() {
    }

    static void print(RunRecord r, PrintStream out) {
        out.printf("Run %d  %s.%s  %s%s%n", r.id(), r.source(), r.object(), r.status().toUpperCase(),
                r.dryRun() ? "  (dry run: nothing written)" : "");
        line(out, "triggered by", r.trigger());
        if (r.replayOf() != null) {
            line(out, "replay of", "run " + r.replayOf() + " (./caravan runs " + r.replayOf() + ")");
        }
        line(out, "file / source", r.fileName() == null ? null : TerminalText.escape(r.fileName(), 300));
        line(out, "sync mode", r.syncMode());
        line(out, "started", r.startedAt() == null ? null : r.startedAt().withOffsetSameInstant(ZoneOffset.UTC).format(TIME));
        line(out, "finished", r.finishedAt() == null ? null : r.finishedAt().withOffsetSameInstant(ZoneOffset.UTC).format(TIME));
        out.printf("  %-16s %,d read, %,d inserted, %,d updated, %,d unchanged, %,d rejected, %,d held%n", "rows",
                r.read(), r.inserted(), r.updated(), r.unchanged(), r.rejected(), r.held());
        line(out, "message", r.message() == null ? null : TerminalText.escape(r.message(), 1000));
        line(out, "error", r.error() == null ? null : TerminalText.escape(r.error(), 1000));
        Drift d = r.drift();
        if (d == null) {
            line(out, "schema drift", "not recorded");
        } else if (!d.any()) {
            line(out, "schema drift", "none");
        } else {
            line(out, "unknown fields", d.unknownCount() == 0 ? "none"
                    : d.unknownCount() + ": " + TerminalText.escape(d.describeUnknown()));
            line(out, "absent columns", d.missingCount() == 0 ? "none"
                    : d.missingCount() + ": " + TerminalText.escape(d.describeMissing()));
        }
        if (r.rejected() > 0) {
            out.printf("  rejects: ./caravan rejects %d   replay them: ./caravan replay %d%n", r.id(), r.id());
        }
    }

    private static void line(PrintStream out, String label, String value) {
        if (value != null) {
            out.printf("  %-16s %s%n", label, value);
        }
    }
}
