package dev.caravan.testing.hubspot;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The HubSpot fake as a process of its own, for bench/api-sync.sh: N contacts (and N/20 companies,
 * for the contacts' company links) under a general limit of R requests per 10 s. It writes
 * "API_PORT CONTROL_PORT" to PORT_FILE. The control port answers, on loopback only:
 * <ul>
 * <li>{@code GET /stats}: {@code requests=… rate_limited=… first_ms=… last_ms=…} since the last clear;</li>
 * <li>{@code POST /clear}: empties the request log;</li>
 * <li>{@code POST /modify?count=M}: changes M contacts now (for an incremental run).</li>
 * </ul>
 * Usage: FakeHubSpotMain N R TOKEN PORT_FILE
 */
public final class FakeHubSpotMain {

    private FakeHubSpotMain() {
    }

    public static void main(String[] args) throws IOException {
        int n = Integer.parseInt(args[0]);
        int rate = Integer.parseInt(args[1]);
        FakeHubSpot fake = FakeHubSpot.start(3L).privateAppToken(args[2]).generalLimit(rate, Duration.ofSeconds(10));
        fake.seed(HubSpotObjectType.COMPANIES, Math.max(1, n / 20));
        fake.seed(HubSpotObjectType.CONTACTS, n);
        fake.data().seedAssociations();
        HttpServer control = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        control.createContext("/stats", ex -> {
            List<RequestRecord> log = fake.requests();
            long first = log.stream().map(RequestRecord::at).min(Instant::compareTo).map(Instant::toEpochMilli).orElse(0L);
            long last = log.stream().map(RequestRecord::at).max(Instant::compareTo).map(Instant::toEpochMilli).orElse(0L);
            reply(ex, "requests=" + log.size() + " rate_limited=" + fake.rateLimitedCount() + " first_ms=" + first
                    + " last_ms=" + last + "\n");
        });
        control.createContext("/clear", ex -> {
            fake.clearLog();
            reply(ex, "ok\n");
        });
        control.createContext("/modify", ex -> {
            String q = ex.getRequestURI().getQuery();
            int m = Integer.parseInt(q.substring(q.indexOf('=') + 1));
            fake.modify(HubSpotObjectType.CONTACTS, m, Instant.now());
            reply(ex, "modified " + m + "\n");
        });
        control.start();
        Files.writeString(Path.of(args[3]), fake.port() + " " + control.getAddress().getPort() + "\n");
        System.out.println("fake HubSpot on " + fake.baseUrl() + " with " + n + " contacts, " + rate + " requests per 10 s");
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }
}
