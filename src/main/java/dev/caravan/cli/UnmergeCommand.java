package dev.caravan.cli;

import dev.caravan.dedup.DedupService;
import dev.caravan.dedup.Unmerger;
import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * ./caravan unmerge SYSTEM OBJECT KEY: undoes the merge of one row; its children get their old
 * references back and the row is left out of later automatic passes. Exit 0 done, 1 the unmerge
 * failed, 2 usage error (unknown object, no such key, the key is not merged).
 */
@CommandLine.Command(name = "unmerge",
        description = "Undo the merge of one row: clear its merged_into and give its children their old references back.",
        exitCodeList = {"0:done", "1:the unmerge failed", "2:usage error (unknown object, no dedup: block, bad KEY)",
            "3:KEY is not merged (or no row has it): nothing to undo"})
public class UnmergeCommand implements Callable<Integer> {

    @CommandLine.Parameters(index = "0", paramLabel = "SYSTEM")
    String system;

    @CommandLine.Parameters(index = "1", paramLabel = "OBJECT")
    String object;

    @CommandLine.Parameters(index = "2", paramLabel = "KEY", description = "The natural key of the merged row.")
    String key;

    @CommandLine.Option(names = "--json", description = "Print exactly one JSON object on stdout.")
    boolean json;

    @Inject
    DedupService dedup;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (key.isBlank() || key.length() > 512) {
            throw new CommandLine.ParameterException(spec.commandLine(), "KEY must be 1 to 512 characters");
        }
        // unknown object: exit 2; KEY not merged: 3; a failure: 1 (ExitCode, ErrorReporting)
        Unmerger.Result r = dedup.unmerge(system, object, key);
        if (json) {
            System.out.println(RunsCommand.JSON.writeValueAsString(r));
        } else {
            System.out.printf("%s.%s %s is no longer merged into %s; %d child references restored%n", system, object,
                    TerminalText.escape(r.key()), TerminalText.escape(r.survivor()), r.childrenRestored());
        }
        return 0;
    }
}
