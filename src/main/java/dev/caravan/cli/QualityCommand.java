package dev.caravan.cli;

import dev.caravan.quality.QualityResult;
import dev.caravan.quality.QualityRunner;
import dev.caravan.quality.QualityStore;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/** ./caravan quality [SYSTEM [OBJECT]]: evaluates the data-quality checks now (or shows the last results). */
@CommandLine.Command(name = "quality",
        description = "Run the data-quality checks of every object, of one system, or of one object, and print the results.",
        exitCodeList = {"0:every check passed or only warned", "1:a check failed, or could not run",
            "2:usage error (unknown system or object)"})
public class QualityCommand implements Callable<Integer> {

    @CommandLine.Parameters(index = "0", arity = "0..1", paramLabel = "SYSTEM", description = "Only this system's objects.")
    String system;

    @CommandLine.Parameters(index = "1", arity = "0..1", paramLabel = "OBJECT", description = "Only this object.")
    String object;

    @CommandLine.Option(names = "--json", description = "Print the results as one JSON array.")
    boolean json;

    @CommandLine.Option(names = "--stored", description = "Show the latest stored result of each check instead of running them.")
    boolean stored;

    @Inject
    QualityRunner runner;

    @Inject
    QualityStore store;

    @Override
    public Integer call() throws Exception {
        runner.requireScope(system, object); // an UnknownObjectException is a usage error (exit 2)
        List<QualityResult> results = stored ? store.latest(system, object) : runner.evaluateAll(system, object);
        if (json) {
            System.out.println(RunsCommand.JSON.writeValueAsString(results));
        } else {
            print(results);
        }
        return results.stream().anyMatch(QualityResult::failed) ? 1 : 0;
    }

    private static void print(List<QualityResult> results) {
        System.out.printf("%-30s  %-28s  %-5s  %14s  %-22s  %s%n", "OBJECT", "CHECK", "STATUS", "OBSERVED", "THRESHOLD", "MESSAGE");
        long failed = 0;
        long warned = 0;
        for (QualityResult r : results) {
            failed += r.failed() ? 1 : 0;
            warned += "warn".equals(r.status()) ? 1 : 0;
            System.out.printf("%-30s  %-28s  %-5s  %14s  %-22s  %s%s%n", r.system() + "." + r.object(), r.check(), r.status(),
                    r.observed() == null ? "" : format(r.observed()), r.threshold() == null ? "" : r.threshold(),
                    TerminalText.escape(r.message() == null ? "" : r.message(), 200),
                    r.sampleKeys().isEmpty() ? "" : "  e.g. " + TerminalText.escape(String.join(", ", r.sampleKeys().subList(0,
                            Math.min(5, r.sampleKeys().size()))), 200));
        }
        System.out.printf("%d checks: %d passed, %d warned, %d failed%n", results.size(), results.size() - failed - warned, warned,
                failed);
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.format("%.4f", v);
    }
}
