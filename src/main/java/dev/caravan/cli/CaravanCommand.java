package dev.caravan.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine;

/** ./caravan: the command line. Each subcommand is a small class of its own. */
@TopCommand
@CommandLine.Command(name = "caravan", mixinStandardHelpOptions = true,
        description = "Brings CRM and marketing data into one SQL warehouse and keeps it current.",
        subcommands = {ServeCommand.class, ImportCommand.class, SyncCommand.class, RunsCommand.class, RejectsCommand.class,
            ObjectsCommand.class, WebhooksCommand.class, QualityCommand.class,
            ReplayCommand.class, DedupCommand.class, UnmergeCommand.class})
public class CaravanCommand {
}
