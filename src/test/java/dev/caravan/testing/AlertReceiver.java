package dev.caravan.testing;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local webhook receiver standing in for Slack's incoming webhooks: it keeps every body POSTed to
 * it, and can answer 500 to the next N requests or stall one past the sender's timeout. As a test
 * resource it points CARAVAN_ALERT_WEBHOOK_URL at itself, with a secret-looking path that must
 * never show in logs.
 */
public final class AlertReceiver implements QuarkusTestResourceLifecycleManager {

    public static final String SECRET_PATH = "/services/T0CARAVAN/B0TEST/s3cr3tW3bh00kPath";
    private static HttpServer server;
    private static final List<String> BODIES = new CopyOnWriteArrayList<>();
    private static final AtomicInteger FAILURES = new AtomicInteger();
    private static final AtomicLong STALL_MS = new AtomicLong();
    private static final AtomicInteger REQUESTS = new AtomicInteger();

    @Override
    public synchronized Map<String, String> start() {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.createContext("/", exchange -> {
                REQUESTS.incrementAndGet();
                String body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                long stall = STALL_MS.getAndSet(0);
                if (stall > 0) {
                    try {
                        Thread.sleep(stall);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                int status;
                if (!exchange.getRequestURI().getPath().equals(SECRET_PATH) || !"POST".equals(exchange.getRequestMethod())) {
                    status = 404;
                } else if (FAILURES.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    status = 500;
                } else if (stall > 0) {
                    status = 200; // too late: the sender gave up already
                } else {
                    BODIES.add(body);
                    status = 200;
                }
                byte[] answer = (status == 200 ? "ok" : "error").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2));
            server.start();
        }
        return Map.of("caravan.alerts.webhook-url", url(), "caravan.alerts.retry-delay", "1s", "caravan.alerts.timeout", "2s",
                "caravan.alerts.max-attempts", "3", "caravan.alerts.slow-min-duration", "0s");
    }

    public static String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + SECRET_PATH;
    }

    /** The bodies delivered (answered 200 in time), oldest first. */
    public static List<String> bodies() {
        return new ArrayList<>(BODIES);
    }

    /** The bodies delivered whose text contains the given words. */
    public static List<String> bodiesWith(String words) {
        return bodies().stream().filter(b -> b.contains(words)).toList();
    }

    public static int requests() {
        return REQUESTS.get();
    }

    public static void failNext(int n) {
        FAILURES.set(n);
    }

    public static void stallNext(long millis) {
        STALL_MS.set(millis);
    }

    public static void reset() {
        BODIES.clear();
        FAILURES.set(0);
        STALL_MS.set(0);
        REQUESTS.set(0);
    }

    @Override
    public void stop() {
        // kept for the JVM: profiles that share it restart Quarkus, not the receiver
    }
}
