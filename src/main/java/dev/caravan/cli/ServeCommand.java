package dev.caravan.cli;

import io.quarkus.runtime.Quarkus;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/** The long-running service: drop folders watched, REST API, health and metrics. */
@CommandLine.Command(name = "serve", description = "Run as a service: watch the drop folders, serve the REST API on 8080.")
public class ServeCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        Quarkus.waitForExit();
        return 0;
    }
}
