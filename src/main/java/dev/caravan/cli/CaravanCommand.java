package dev.caravan.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine;

/**
 * ./caravan: the command line. Each subcommand is a small class of its own. What is declared here
 * with {@code scope = INHERIT} (-h/--help, -V/--version, the exit codes in the usage) holds for every
 * subcommand, so none can be without them.
 */
@TopCommand
@CommandLine.Command(name = "caravan", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        versionProvider = CaravanVersion.class,
        description = "Brings CRM and marketing data into one SQL warehouse and keeps it current.",
        subcommands = {ServeCommand.class, StatusCommand.class, ImportCommand.class, SyncCommand.class, RunsCommand.class,
            RejectsCommand.class, ReplayCommand.class, ObjectsCommand.class, WebhooksCommand.class, QualityCommand.class,
            DedupCommand.class, UnmergeCommand.class, CommandLine.HelpCommand.class, CompletionCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:the work failed (a run or check failed, the warehouse or a source unreachable)",
            "2:usage error (the message and this usage are printed)",
            "3:not possible now (a source not configured, a run that cannot be replayed, …)"},
        footer = {"", "./caravan help COMMAND, or ./caravan COMMAND --help, describes a command."})
public class CaravanCommand {
}
