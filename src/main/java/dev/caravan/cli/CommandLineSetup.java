package dev.caravan.cli;

import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import picocli.CommandLine;

/** The command line Quarkus runs: picocli's, with Caravan's handling of usage errors and failures. */
@ApplicationScoped
class CommandLineSetup {

    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory) {
        ErrorReporting errors = new ErrorReporting();
        return factory.create().setParameterExceptionHandler(errors).setExecutionExceptionHandler(errors);
    }
}
