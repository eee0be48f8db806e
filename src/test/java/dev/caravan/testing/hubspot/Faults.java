package dev.caravan.testing.hubspot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Faults the fake injects, checked before authentication and rate limits. A rule matches either one request by its
 * arrival number ({@link RequestRecord#seq()}, counted over all endpoints from 1) or the next {@code times}
 * requests whose endpoint key starts with a prefix ({@code null} or "" for any endpoint; keys as
 * {@link FakeHubSpot#list}, {@link FakeHubSpot#search}, …).
 *
 * <p>Kinds: an HTTP status (502, 503, …) with a short body; a connection cut mid-response (status line, headers
 * announcing the full length, half the body, then the connection closes, so the client sees a premature end of
 * stream); a forced 429 of the general limit (a "429 storm") whatever the real counters say; a delay before the
 * normal answer.
 */
public final class Faults {

    enum Kind { STATUS, RESET, RATE_LIMIT, DELAY }

    /** A matched fault: what to do. */
    record Action(Kind kind, int status, Duration delay) {
    }

    private static final class Rule {
        final long seq;          // > 0: exactly this request
        final String prefix;     // seq == 0: endpoint prefix, null for any
        int remaining;           // seq == 0: how many more matches
        final Action action;

        Rule(long seq, String prefix, int remaining, Action action) {
            this.seq = seq;
            this.prefix = prefix;
            this.remaining = remaining;
            this.action = action;
        }
    }

    private final List<Rule> rules = new ArrayList<>();
    private volatile Duration slowAll = Duration.ZERO;

    /** The {@code n}-th request (1-based, all endpoints) answers {@code status}. */
    public synchronized Faults failRequest(long n, int status) {
        rules.add(new Rule(n, null, 1, new Action(Kind.STATUS, status, null)));
        return this;
    }

    /** The next {@code times} requests to endpoints starting with {@code prefix} answer {@code status}. */
    public synchronized Faults failNext(String prefix, int times, int status) {
        rules.add(new Rule(0, prefix, times, new Action(Kind.STATUS, status, null)));
        return this;
    }

    /** The {@code n}-th request gets its connection cut mid-response. */
    public synchronized Faults resetRequest(long n) {
        rules.add(new Rule(n, null, 1, new Action(Kind.RESET, 200, null)));
        return this;
    }

    /** The next {@code times} requests to endpoints starting with {@code prefix} get their connection cut. */
    public synchronized Faults resetNext(String prefix, int times) {
        rules.add(new Rule(0, prefix, times, new Action(Kind.RESET, 200, null)));
        return this;
    }

    /** The next {@code times} requests to endpoints starting with {@code prefix} answer 429 (ten-secondly body). */
    public synchronized Faults rateLimitNext(String prefix, int times) {
        rules.add(new Rule(0, prefix, times, new Action(Kind.RATE_LIMIT, 429, null)));
        return this;
    }

    /** The {@code n}-th request is answered normally after {@code delay}. */
    public synchronized Faults delayRequest(long n, Duration delay) {
        rules.add(new Rule(n, null, 1, new Action(Kind.DELAY, 0, delay)));
        return this;
    }

    /** The next {@code times} requests to endpoints starting with {@code prefix} are answered after {@code delay}. */
    public synchronized Faults delayNext(String prefix, int times, Duration delay) {
        rules.add(new Rule(0, prefix, times, new Action(Kind.DELAY, 0, delay)));
        return this;
    }

    /** Every request is answered after {@code delay} (Duration.ZERO to stop). */
    public Faults slowAll(Duration delay) {
        this.slowAll = delay;
        return this;
    }

    /** Drops every rule and the global delay. */
    public synchronized Faults clear() {
        rules.clear();
        slowAll = Duration.ZERO;
        return this;
    }

    Duration slowAll() {
        return slowAll;
    }

    /** The first matching rule's action (consuming one use of it), or null. Delays are returned before others. */
    synchronized List<Action> match(long seq, String endpoint) {
        List<Action> out = new ArrayList<>(2);
        Action terminal = null;
        for (var it = rules.iterator(); it.hasNext();) {
            Rule r = it.next();
            boolean hit = r.seq > 0 ? r.seq == seq
                    : (r.prefix == null || r.prefix.isEmpty() || endpoint.startsWith(r.prefix));
            if (!hit) {
                continue;
            }
            if (r.action.kind() == Kind.DELAY) {
                out.add(r.action);
            } else if (terminal == null) {
                terminal = r.action;
            } else {
                continue;
            }
            if (r.seq > 0 || --r.remaining <= 0) {
                it.remove();
            }
        }
        if (terminal != null) {
            out.add(terminal);
        }
        return out;
    }
}
