package dev.caravan.config;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.annotations.CommandLineArguments;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;

/**
 * What this process was started to do, read from its command line: the service ({@code serve}),
 * a one-shot command that works on the warehouse ({@code import}, {@code runs}, …), or a command
 * that only informs ({@code --help}, {@code help}, {@code --version}, {@code completion},
 * {@code status}, no command at all). An informing command opens nothing at start (no warehouse,
 * no heartbeat, no sweep), so it answers even while the warehouse is away.
 */
@ApplicationScoped
public class Invocation {

    private static final Set<String> INFORMING_COMMANDS = Set.of("help", "completion", "status");
    private static final Set<String> HELP_OPTIONS = Set.of("-h", "--help", "-V", "--version");

    private final String[] args;

    @Inject
    public Invocation(@CommandLineArguments String[] args) {
        this.args = args == null ? new String[0] : args;
    }

    /**
     * The long-running service: {@code serve}, or the application a {@code @QuarkusTest} starts
     * without a command line. A packaged application started without a command prints its usage.
     */
    public boolean service() {
        if (args.length == 0) {
            return LaunchMode.current() == LaunchMode.TEST;
        }
        return "serve".equals(args[0]) && !informing();
    }

    /** The command's name (its first argument), or "" without one. */
    public String command() {
        return args.length == 0 ? "" : args[0];
    }

    /** A command that only informs: it needs no warehouse at start (status opens it when it reads). */
    public boolean informing() {
        if (args.length == 0) {
            return LaunchMode.current() != LaunchMode.TEST;
        }
        if (INFORMING_COMMANDS.contains(args[0])) {
            return true;
        }
        for (String a : args) {
            if ("--".equals(a)) {
                break;
            }
            if (HELP_OPTIONS.contains(a)) {
                return true;
            }
        }
        return false;
    }
}
