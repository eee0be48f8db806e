package dev.caravan.source.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The limiter's pacing, on a fake clock: no test sleeps. */
class RateLimiterTest {

    private final FakeClock clock = new FakeClock();

    private List<Long> acquire(RateLimiter limiter, int n) throws InterruptedException {
        List<Long> at = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            limiter.acquire();
            at.add(clock.nanos());
        }
        return at;
    }

    /** The most starts in any window of the given length. */
    private static int busiestWindow(List<Long> at, Duration window) {
        int max = 0;
        for (int i = 0; i < at.size(); i++) {
            int j = i;
            while (j < at.size() && at.get(j) - at.get(i) < window.toNanos()) {
                j++;
            }
            max = Math.max(max, j - i);
        }
        return max;
    }

    @Test
    void hundredPerTenSecondsIsNeverExceededAndFullyUsed() throws InterruptedException {
        List<Long> at = acquire(new RateLimiter(100, Duration.ofSeconds(10), clock), 1000);

        assertEquals(100, busiestWindow(at, Duration.ofSeconds(10)));
        double seconds = (at.get(999) - at.get(0)) / 1e9;
        // 1000 starts at 100 per 10 s: the 1000th is due at 90 s; ≥ 90 % of the rate means ≤ 100 s
        assertTrue(seconds >= 90.0 && seconds <= 90.0 + 0.01, "took " + seconds + " s");
    }

    @Test
    void fourPerSecond() throws InterruptedException {
        List<Long> at = acquire(new RateLimiter(4, Duration.ofSeconds(1), clock), 20);
        assertEquals(4, busiestWindow(at, Duration.ofSeconds(1)));
        assertEquals(4.0, (at.get(19) - at.get(0)) / 1e9, 0.01);
    }

    @Test
    void startsAfterALullAreNotHeldBack() throws InterruptedException {
        RateLimiter limiter = new RateLimiter(10, Duration.ofSeconds(1), clock);
        acquire(limiter, 10);
        clock.advance(Duration.ofSeconds(2));
        long before = clock.nanos();
        acquire(limiter, 10);
        assertEquals(before, clock.nanos(), "a full window's worth at once after a lull");
    }

    @Test
    void aStricterServerLimitReplacesTheConfiguredOne() throws InterruptedException {
        RateLimiter limiter = new RateLimiter(100, Duration.ofSeconds(10), clock);
        limiter.adapt(50, 49, 10_000);
        assertEquals(50, limiter.requests());
        limiter.adapt(500, 499, 10_000);
        assertEquals(50, limiter.requests(), "a looser server limit does not raise ours");
        assertEquals(50, busiestWindow(acquire(limiter, 200), Duration.ofSeconds(10)));
    }

    @Test
    void nothingRemainingHoldsForTheServersInterval() throws InterruptedException {
        RateLimiter limiter = new RateLimiter(100, Duration.ofSeconds(10), clock);
        limiter.acquire();
        long t = clock.nanos();
        limiter.adapt(100, 0, 10_000);
        limiter.acquire();
        assertEquals(Duration.ofSeconds(10).toNanos(), clock.nanos() - t);
    }

    @Test
    void theClientPacesRealRequestsAtTheConfiguredRate() throws IOException {
        try (TestServer server = new TestServer(clock)) {
            server.route("/", (s, x) -> TestServer.send(x, 200, "{\"results\":[{\"id\":1}],\"next\":\"" + s.query().get("p") + "x\"}"));
            HttpConnection c = Defs.connection("""
                    base_url: %s
                    auth: {type: bearer, token: "${T}"}
                    paginator: {type: cursor, cursor_path: /next, cursor_param: p}
                    rate_limits: {default: {requests: 10, per: 2s, guard: 20ms}}
                    """.formatted(server.base()));
            ApiClient client = new ApiClient(c, Map.of("T", "tok-value"), clock, () -> 0.0);
            HttpRecordSource source = HttpRecordSource.full(client, Defs.resource("{path: /r, records: /results}"));
            for (int i = 0; i < 35; i++) {
                source.next();
            }
            List<Long> at = server.seen.stream().map(TestServer.Seen::nanos).toList();
            assertEquals(10, busiestWindow(at, Duration.ofMillis(2020)), "never more than 10 in 2 s, even counted over 2.02 s");
            assertEquals(6.06, (at.get(34) - at.get(0)) / 1e9, 0.01, "35 requests at 10 per 2.02 s: the 35th at 6.06 s (99 % of 5/s)");
        }
    }

    @Test
    void aSlowAnswerCountsFromWhenItCameSoRequestsInFlightNeverCrowdTheServersWindow() throws InterruptedException {
        RateLimiter limiter = new RateLimiter(2, Duration.ofSeconds(10), clock);
        long[] slow = limiter.acquire();          // answered 3 s later: the server may have counted it late
        long[] fast = limiter.acquire();
        limiter.done(fast);
        clock.advance(Duration.ofSeconds(3));
        limiter.done(slow);
        long before = clock.nanos();

        limiter.acquire();

        // the fast one leaves the window at 10 s, the slow one only at 13 s: the third waits for the first of those
        assertEquals(Duration.ofSeconds(7), Duration.ofNanos(clock.nanos() - before));
        long[] fourth = limiter.acquire();
        assertTrue(fourth[0] - before >= Duration.ofSeconds(10).toNanos(), "waited for the slow answer's window");
    }

    @Test
    void requestsTheServerCountedFromElsewhereAreWaitedFor() throws InterruptedException {
        RateLimiter limiter = new RateLimiter(100, Duration.ofSeconds(10), clock);
        limiter.acquire();
        // another process used 60 of the 100 in the server's current window
        limiter.adapt(100, 39, 10_000);
        long before = clock.nanos();

        List<Long> at = acquire(limiter, 40);

        assertTrue(at.get(38) - before < Duration.ofSeconds(1).toNanos(), "39 were left");
        assertTrue(at.get(39) - before >= Duration.ofSeconds(9).toNanos(), "the 40th waits for the window");
    }
}
