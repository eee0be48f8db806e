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
@CommandLine.Command(name = "unmerge", mixinStandardHelpOptions = true,
        description = {"Undo the merge of one row: clear its merged_into and give its children their old references back.",
            "Exit codes: 0 done, 1 the unmerge failed, 2 usage error (unknown object, no such key, KEY not merged)."})
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

    @Override
    public Integer call() throws Exception {
        if (key.isBlank() || key.length() > 512) {
            System.err.println("caravan unmerge: KEY must be 1 to 512 characters");
            return 2;
        }
        Unmerger.Result r;
        try {
            r = dedup.unmerge(system, object, key);
        } catch (IllegalArgumentException e) {
            System.err.println("caravan unmerge: " + TerminalText.escape(e.getMessage()));
            return 2;
        } catch (RuntimeException e) {
            System.err.println("caravan unmerge: " + TerminalText.escape(e.getMessage()));
            return 1;
        }
        if (json) {
            System.out.println(RunsCommand.JSON.writeValueAsString(r));
        } else {
            System.out.printf("%s.%s %s is no longer merged into %s; %d child references restored%n", system, object,
                    TerminalText.escape(r.key()), TerminalText.escape(r.survivor()), r.childrenRestored());
        }
        return 0;
    }
}
