package dev.caravan.cli;

import java.io.PrintWriter;
import org.jboss.logging.Logger;
import picocli.CommandLine;

/**
 * How every command ends when something goes wrong, in one place: a usage error prints its message
 * and the command's usage (exit 2); a failure that escapes a command prints one line, the reason,
 * never a stack trace (that goes to the log at DEBUG) and exits as {@link ExitCode#of} says.
 * Text from the command line or the failure is made printable first ({@link TerminalText}).
 */
final class ErrorReporting implements CommandLine.IParameterExceptionHandler, CommandLine.IExecutionExceptionHandler {

    private static final Logger LOG = Logger.getLogger(ErrorReporting.class);

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        usageError(e.getCommandLine(), e.getMessage(), e);
        return ExitCode.USAGE;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
        int code = ExitCode.of(e);
        if (code == ExitCode.USAGE) {
            usageError(command, message(e), null);
            return code;
        }
        command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + printable(message(e)));
        command.getErr().flush();
        LOG.debugf(e, "%s ended with exit code %d", command.getCommandSpec().qualifiedName(), code);
        return code;
    }

    private static void usageError(CommandLine command, String message, CommandLine.ParameterException e) {
        PrintWriter err = command.getErr();
        err.println(command.getCommandSpec().qualifiedName() + ": " + printable(message));
        if (e != null) {
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        }
        err.println();
        command.usage(err);
        err.flush();
    }

    /**
     * The reason to show: the first message of Caravan's own along the causes, else the first one that
     * is not a wrapper's (bean creation, reflection, futures), else the root cause's class.
     */
    static String message(Throwable failure) {
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t.getClass().getName().startsWith("dev.caravan.") && hasMessage(t)) {
                return t.getMessage();
            }
        }
        Throwable root = failure;
        for (Throwable t = failure; t != null; t = next(t)) {
            if (!isWrapper(t) && hasMessage(t)) {
                return t.getMessage();
            }
            root = t;
        }
        return root.getClass().getSimpleName();
    }

    private static boolean isWrapper(Throwable t) {
        String name = t.getClass().getName();
        return t.getCause() != null && (name.endsWith("CreationException") || name.endsWith("InvocationTargetException")
                || name.endsWith("UndeclaredThrowableException") || name.endsWith("CompletionException")
                || t instanceof java.util.concurrent.ExecutionException || t instanceof CommandLine.ExecutionException);
    }

    private static boolean hasMessage(Throwable t) {
        return t.getMessage() != null && !t.getMessage().isBlank();
    }

    private static Throwable next(Throwable t) {
        return t.getCause() == t ? null : t.getCause();
    }

    /** Each line made safe for a terminal; line breaks of the message itself are kept. */
    static String printable(String message) {
        StringBuilder out = new StringBuilder();
        for (String line : message.split("\n", -1)) {
            out.append(out.length() == 0 ? "" : "\n").append(TerminalText.escape(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line));
        }
        return out.toString();
    }
}
