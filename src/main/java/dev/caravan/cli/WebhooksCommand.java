package dev.caravan.cli;

import dev.caravan.webhook.EventQueue;
import jakarta.inject.Inject;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/** ./caravan webhooks: stored webhook events (newest first), and replaying failed ones. */
@CommandLine.Command(name = "webhooks",
        description = "List stored webhook events, newest first (no payloads). Replay failed ones with 'webhooks replay'.",
        subcommands = WebhooksCommand.Replay.class)
public class WebhooksCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @CommandLine.Option(names = "--status", paramLabel = "STATUS", description = "Only events of this status: pending, processing, processed or failed.")
    String status;

    @CommandLine.Option(names = "--system", paramLabel = "SYSTEM", description = "Only events of this receiver (hubspot, leadconduit, …).")
    String system;

    @CommandLine.Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "How many events (default ${DEFAULT-VALUE}).")
    int limit;

    @CommandLine.Option(names = "--json", description = "Print the events as one JSON array.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Inject
    EventQueue queue;

    @Override
    public Integer call() throws Exception {
        checkFilters(spec, status, system);
        if (limit <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be positive");
        }
        List<EventQueue.Listed> events = queue.list(status, system, limit);
        if (json) {
            System.out.println(RunsCommand.JSON.writeValueAsString(events));
            return 0;
        }
        if (events.isEmpty()) {
            System.out.println("No webhook events" + (status == null ? "" : " with status " + status) + ".");
        }
        for (Map.Entry<String, Long> b : queue.backlog().entrySet()) {
            System.out.println("Backlog " + b.getKey() + ": " + b.getValue() + " events not yet processed");
        }
        if (!events.isEmpty()) {
            System.out.printf("%8s  %-19s  %-12s  %-10s  %3s  %-28s  %-14s  %7s  %s%n", "ID", "RECEIVED (UTC)", "SYSTEM",
                    "STATUS", "TRY", "OBJECT", "OBJECT ID", "RUN", "EVENT ID / ERROR");
        }
        for (EventQueue.Listed e : events) {
            String note = e.error() != null ? e.error() : e.eventId();
            System.out.printf("%8d  %-19s  %-12s  %-10s  %3d  %-28s  %-14s  %7s  %s%n", e.id(),
                    e.receivedAt() == null ? "" : e.receivedAt().withOffsetSameInstant(ZoneOffset.UTC).format(TIME),
                    e.system(), e.status(), e.attempts(), TerminalText.escape(nz(e.objectType()), 28),
                    TerminalText.escape(nz(e.objectId()), 14), e.runId() == null ? "" : e.runId().toString(),
                    TerminalText.escape(note, 200));
        }
        return 0;
    }

    static void checkFilters(CommandLine.Model.CommandSpec spec, String status, String system) {
        String problem = EventQueue.filterProblem(status, system);
        if (problem != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--" + problem);
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** ./caravan webhooks replay --failed [--system S] | ID…: failed (or given) events back to pending. */
    @CommandLine.Command(name = "replay",
            description = "Put failed webhook events (--failed), or the events given by id, back to pending with fresh"
                    + " attempts; the service processes them again.",
            exitCodeList = {"0:done (also when no event had failed)", "1:the warehouse cannot be written",
                "2:usage error (neither --failed nor ids, or both)",
                "3:an event given by id is not failed or processed (or does not exist); the others were replayed"})
    public static class Replay implements Callable<Integer> {

        @CommandLine.Option(names = "--failed", description = "Every failed event (of --system when given).")
        boolean failed;

        @CommandLine.Option(names = "--system", paramLabel = "SYSTEM", description = "With --failed: only this receiver's events.")
        String system;

        @CommandLine.Parameters(arity = "0..*", paramLabel = "ID", description = "Event ids (from 'caravan webhooks').")
        List<Long> ids;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Inject
        EventQueue queue;

        @Override
        public Integer call() throws Exception {
            boolean some = ids != null && !ids.isEmpty();
            if (failed == some) {
                throw new CommandLine.ParameterException(spec.commandLine(), "give --failed or event ids (one of the two)");
            }
            checkFilters(spec, null, system);
            int n = 0;
            if (failed) {
                n = queue.replay(null, system);
            } else {
                for (long id : ids) {
                    int one = queue.replay(id, null);
                    if (one == 0) {
                        System.err.println("caravan webhooks replay: no failed or processed webhook event " + id);
                    }
                    n += one;
                }
            }
            System.out.println(n + " webhook event" + (n == 1 ? "" : "s") + " put back to pending; the service processes them.");
            return some && n < ids.size() ? ExitCode.NOT_POSSIBLE : ExitCode.OK;
        }
    }
}
