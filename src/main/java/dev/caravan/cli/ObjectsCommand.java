package dev.caravan.cli;

import dev.caravan.definition.ColumnDefinition;
import dev.caravan.definition.DefinitionRegistry;
import dev.caravan.definition.ObjectDefinition;
import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/** ./caravan objects: every system and object Caravan can import, with its table and columns. */
@CommandLine.Command(name = "objects", description = "List the systems and objects that can be imported.")
public class ObjectsCommand implements Callable<Integer> {

    @CommandLine.Option(names = "--columns", description = "Also list each object's columns and header aliases.")
    boolean columns;

    @Inject
    DefinitionRegistry definitions;

    @Override
    public Integer call() {
        for (ObjectDefinition d : definitions.all()) {
            System.out.printf("%-12s %-20s → %-26s key %s%n", d.system(), d.object(), d.table(), d.key());
            if (columns) {
                for (ColumnDefinition c : d.columns()) {
                    System.out.printf("    %-24s %-10s %-9s %s%n", c.name(), c.type().name().toLowerCase(),
                            c.required() ? "required" : "", c.aliases().isEmpty() ? "" : "aliases: " + String.join(", ", c.aliases()));
                }
            }
        }
        return 0;
    }
}
