package dev.caravan.cli;

import dev.caravan.config.CaravanConfig;
import io.quarkus.runtime.Quarkus;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import picocli.CommandLine;

/** The long-running service: drop folders watched, REST API, health and metrics. */
@CommandLine.Command(name = "serve", description = "Run as a service: watch the drop folders, serve the REST API on 8080.")
public class ServeCommand implements Callable<Integer> {

    private static final Logger LOG = Logger.getLogger(ServeCommand.class);

    @CommandLine.Option(names = "--samples", arity = "0..1", fallbackValue = "samples", paramLabel = "DIR",
            description = "Drop the sample files (DIR/SYSTEM/OBJECT.csv|json, default ./samples) into the inbox at start.")
    Path samples;

    @Inject
    CaravanConfig config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (samples != null) {
            dropSamples(samples);
        }
        Quarkus.waitForExit();
        return 0;
    }

    /** Copies each sample to INBOX/SYSTEM/OBJECT/ under a temporary name, then renames it in place. */
    private void dropSamples(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no samples directory " + dir.toAbsolutePath());
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir, 2)) {
            files = s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().matches(".*\\.(csv|json|jsonl)"))
                    .sorted().toList();
        }
        for (Path f : files) {
            String system = f.getParent().getFileName().toString();
            String name = f.getFileName().toString();
            String object = name.substring(0, name.lastIndexOf('.'));
            Path target = config.inbox().root().resolve(system).resolve(object);
            Files.createDirectories(target);
            Path tmp = target.resolve("." + name + ".part");
            Files.copy(f, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        LOG.infof("Dropped %d sample files from %s into %s", files.size(), dir, config.inbox().root());
    }
}
