package dev.caravan.cli;

import dev.caravan.dedup.DedupReport;
import dev.caravan.dedup.DedupService;
import dev.caravan.dedup.MergePlan;
import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * ./caravan dedup SYSTEM OBJECT: finds the object's duplicate groups by its {@code dedup:} rules and
 * merges them (or, with --dry-run, only reports them). Exit 0 done, 1 the pass failed, 2 usage error.
 */
@CommandLine.Command(name = "dedup",
        description = {"Find duplicate rows of an object (its definition's dedup: rules) and merge them into survivors.",
            "Duplicates are never deleted: merged_into points at the survivor, children are re-pointed."},
        exitCodeList = {"0:done", "1:the pass failed", "2:usage error (unknown object, no dedup: block, bad --show)"})
public class DedupCommand implements Callable<Integer> {

    @CommandLine.Parameters(index = "0", paramLabel = "SYSTEM")
    String system;

    @CommandLine.Parameters(index = "1", paramLabel = "OBJECT")
    String object;

    @CommandLine.Option(names = "--dry-run", description = "Find and report the groups; merge nothing.")
    boolean dryRun;

    @CommandLine.Option(names = "--json", description = "Print exactly one JSON object on stdout.")
    boolean json;

    @CommandLine.Option(names = "--show", paramLabel = "N", defaultValue = "20",
            description = "How many groups to list, largest first (default 20, at most 1000).")
    int show;

    @Inject
    DedupService dedup;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (show < 0 || show > 1000) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--show must be between 0 and 1000");
        }
        dedup.target(system, object); // an unknown object, or one without a dedup: block, is a usage error (exit 2)
        DedupReport r = dedup.run(system, object, dryRun, show); // a failure: exit 1 (ErrorReporting)
        if (json) {
            System.out.println(RunsCommand.JSON.writeValueAsString(r));
            return 0;
        }
        System.out.printf("%s.%s%s: %d rows scanned, %d duplicate groups (%d rows), %d merges %s, %d merged before,"
                + " %d child references re-pointed, %d survivor values filled, %d ms (%d ms finding groups)%n", r.system(),
                r.object(), r.dryRun() ? " (dry run)" : "", r.rowsScanned(), r.groups(), r.rowsInGroups(), r.pendingMerges(),
                r.dryRun() ? "to do" : "done", r.alreadyMerged(), r.childrenRepointed(), r.columnsFilled(), r.durationMs(),
                r.planMs());
        System.out.println("group sizes: " + r.sizes());
        if (!r.shown().isEmpty()) {
            System.out.printf("%-24s  %5s  %s%n", "SURVIVOR", "SIZE", "MEMBERS (rule)");
            for (MergePlan.Group g : r.shown()) {
                StringBuilder members = new StringBuilder();
                for (MergePlan.Member m : g.members()) {
                    members.append(members.length() == 0 ? "" : ", ").append(TerminalText.escape(m.key()))
                            .append(" (").append(m.merged() ? "merged before" : m.rule()).append(')');
                }
                if (g.members().size() + 1 < g.size()) {
                    members.append(", … ").append(g.size() - 1 - g.members().size()).append(" more");
                }
                System.out.printf("%-24s  %5d  %s%n", TerminalText.escape(g.survivor()), g.size(), members);
            }
        }
        return 0;
    }
}
