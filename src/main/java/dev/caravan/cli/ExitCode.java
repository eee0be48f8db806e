package dev.caravan.cli;

import dev.caravan.dedup.DedupBusyException;
import dev.caravan.dedup.Unmerger;
import dev.caravan.pipeline.UnknownObjectException;
import dev.caravan.replay.ReplayException;
import dev.caravan.sync.SourceNotConfiguredException;

/**
 * The exit codes of every command, one table (README.md "Exit codes"). Commands return them, and
 * {@link ErrorReporting} maps what a command throws to them, so the same cause ends the same way
 * whichever command met it.
 */
public final class ExitCode {

    /** The command did its work (an import with rejects, a skip as already imported, nothing to replay). */
    public static final int OK = 0;
    /** The work failed: a run failed, a check failed, the warehouse or a source could not be reached. */
    public static final int FAILED = 1;
    /** The command line is wrong: the message and the command's usage are printed. */
    public static final int USAGE = 2;
    /** The command is right but cannot be done now: a source is not configured, a run cannot be replayed, another replica is deduplicating. */
    public static final int NOT_POSSIBLE = 3;

    private ExitCode() {
    }

    /** The exit code of a failure that escaped a command. */
    static int of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SourceNotConfiguredException || t instanceof Unmerger.NotMergedException
                    || t instanceof DedupBusyException) {
                return NOT_POSSIBLE;
            }
            if (t instanceof ReplayException r) {
                return r.kind() == ReplayException.Kind.NOT_FOUND ? USAGE : NOT_POSSIBLE;
            }
            if (t instanceof UnknownObjectException) {
                return USAGE;
            }
        }
        return FAILED;
    }
}
