package dev.caravan.testing.marketsharp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Behaves like MarketSharp's OData service (WcfDataService.svc) as the public clients and a captured
 * feed show it: GET only; {@code Authorization: coy:key:epoch:base64(HMAC-SHA256(b64decode(secret), coy+key+epoch))}
 * checked on every request (401 with an OData XML error on a bad signature or an epoch more than
 * 5 minutes off); Atom feeds whose server page is {@code pageSize} entries, continued by
 * {@code <link rel="next" href="…$skiptoken=N">} whatever {@code $top} says ($top caps the whole
 * result, $skip skips into it, as in OData); {@code $filter=lastUpdate ge|gt datetime'…'} compared
 * in the server's -05:00 local time; {@code $orderby=lastUpdate}; scripted 503 "Server Too Busy"
 * and 500 answers.
 */
public final class FakeMarketSharp implements AutoCloseable {

    public static final String PATH = "/WcfDataService.svc";
    public static final String COMPANY_ID = "1000";
    public static final String API_KEY = "6a3e9f0c-1b2d-4e5f-8a9b-0c1d2e3f4a5b";
    /** 32 bytes, base64 (as MarketSharp's API Maintenance page shows a secret key). */
    public static final String SECRET_KEY = "c2VjcmV0LWtleS1mb3ItdGhlLWZha2UtbWFya2V0c2g=";
    static final ZoneOffset SERVER_ZONE = ZoneOffset.ofHours(-5);
    private static final Pattern FILTER = Pattern.compile("lastUpdate (ge|gt) datetime'([0-9T:.\\-]+)'");

    /** One request as the server saw it. */
    public record Seen(String set, Map<String, String> query, int status) {
    }

    private final HttpServer server;
    private final Supplier<Instant> clock;
    private volatile int pageSize;
    private volatile MarketSharpData data;
    private final Deque<Integer> faults = new ArrayDeque<>();
    public final List<Seen> seen = new CopyOnWriteArrayList<>();
    public final AtomicInteger busy = new AtomicInteger();
    public final AtomicInteger unauthorized = new AtomicInteger();

    public FakeMarketSharp(Supplier<Instant> clock, int pageSize, int contacts) throws IOException {
        this.clock = clock;
        this.pageSize = pageSize;
        this.data = new MarketSharpData(contacts);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(PATH + "/", this::handle);
        server.start();
    }

    /** Base URL for MARKETSHARP_BASE_URL. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    public MarketSharpData data() {
        return data;
    }

    /** New data, no faults, an empty log. */
    public synchronized FakeMarketSharp reset(int contacts, int pageSize) {
        this.data = new MarketSharpData(contacts);
        this.pageSize = pageSize;
        synchronized (faults) {
            faults.clear();
        }
        seen.clear();
        busy.set(0);
        unauthorized.set(0);
        return this;
    }

    /** The next requests get these statuses (503: "Server Too Busy"; else an OData error) before data again. */
    public void fail(int... statuses) {
        synchronized (faults) {
            for (int s : statuses) {
                faults.add(s);
            }
        }
    }

    public List<Seen> requestsTo(String set) {
        return seen.stream().filter(s -> s.set().equals(set)).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            URI uri = ex.getRequestURI();
            String set = uri.getPath().substring(PATH.length() + 1);
            Map<String, String> query = query(uri);
            Integer fault;
            synchronized (faults) {
                fault = faults.pollFirst();
            }
            if (!"GET".equals(ex.getRequestMethod())) {
                answer(ex, set, query, 405, error("The service is read-only."));
            } else if (!signed(ex.getRequestHeaders().getFirst("Authorization"))) {
                unauthorized.incrementAndGet();
                answer(ex, set, query, 401, error("Authentication failed."));
            } else if (fault != null && fault == 503) {
                busy.incrementAndGet();
                ex.getResponseHeaders().add("Content-Type", "text/html");
                answer(ex, set, query, 503, "<html><head><title>Server Too Busy</title></head><body><h1>Server Too Busy</h1></body></html>");
            } else if (fault != null) {
                answer(ex, set, query, fault, error("An error occurred while processing this request."));
            } else if (data.set(set) == null) {
                answer(ex, set, query, 404, error("Resource not found for the segment '" + set + "'."));
            } else {
                feed(ex, set, query);
            }
        }
    }

    private void feed(HttpExchange ex, String set, Map<String, String> q) throws IOException {
        List<Map<String, Object>> rows;
        synchronized (data) {
            rows = new ArrayList<>(data.set(set));
        }
        boolean changing = MarketSharpData.CHANGING.contains(set);
        String filter = q.get("$filter");
        if (filter != null) {
            Matcher m = FILTER.matcher(filter.trim());
            if (!m.matches() || !changing) {
                answer(ex, set, q, 400, error(changing ? "Syntax error at position 0 in '" + filter + "'."
                        : "No property 'lastUpdate' exists in type 'MSharpModel." + set + "'."));
                return;
            }
            // the literal has no zone: the service reads it in its own local time
            Instant at = LocalDateTime.parse(m.group(2)).atOffset(SERVER_ZONE).toInstant();
            boolean inclusive = m.group(1).equals("ge");
            rows.removeIf(r -> {
                Instant u = ((OffsetDateTime) r.get("lastUpdate")).toInstant();
                return inclusive ? u.isBefore(at) : !u.isAfter(at);
            });
        }
        String order = q.get("$orderby");
        if (order != null) {
            if (!changing || !order.trim().startsWith("lastUpdate")) {
                answer(ex, set, q, 400, error("No property '" + order + "' exists in type 'MSharpModel." + set + "'."));
                return;
            }
            rows.sort(Comparator.comparing((Map<String, Object> r) -> ((OffsetDateTime) r.get("lastUpdate")).toInstant())
                    .thenComparing(r -> String.valueOf(r.get("id"))));
        }
        int skip = Integer.parseInt(q.getOrDefault("$skip", "0"));
        int top = q.containsKey("$top") ? Integer.parseInt(q.get("$top")) : Integer.MAX_VALUE;
        int end = (int) Math.min(rows.size(), (long) skip + top);
        int from = skip + Integer.parseInt(q.getOrDefault("$skiptoken", "0"));
        int to = Math.min(end, from + pageSize);
        String next = null;
        if (to < end) {
            Map<String, String> nq = new LinkedHashMap<>(q);
            nq.put("$skiptoken", Integer.toString(to - skip));
            next = baseUrl() + "/" + set + "?" + encode(nq);
        }
        ex.getResponseHeaders().add("Content-Type", "application/atom+xml;type=feed;charset=utf-8");
        answer(ex, set, q, 200, AtomWriter.feed(baseUrl(), set, rows.subList(Math.min(from, to), to), next, clock.get()));
    }

    private boolean signed(String header) {
        if (header == null) {
            return false;
        }
        String[] p = header.split(":", 4);
        if (p.length != 4 || !p[0].equals(COMPANY_ID) || !p[1].equals(API_KEY) || !p[2].matches("\\d{1,12}")) {
            return false;
        }
        long epoch = Long.parseLong(p[2]);
        if (Math.abs(epoch - clock.get().getEpochSecond()) > 300) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET_KEY), "HmacSHA256"));
            byte[] want = mac.doFinal((p[0] + p[1] + p[2]).getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(want, p[3].getBytes(StandardCharsets.US_ASCII).length == 44
                    ? Base64.getDecoder().decode(p[3]) : new byte[0]);
        } catch (Exception e) {
            return false;
        }
    }

    static String error(String message) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?>"
                + "<error xmlns=\"http://schemas.microsoft.com/ado/2007/08/dataservices/metadata\"><code></code>"
                + "<message xml:lang=\"en-US\">" + AtomWriter.escape(message) + "</message></error>";
    }

    private void answer(HttpExchange ex, String set, Map<String, String> q, int status, String body) throws IOException {
        seen.add(new Seen(set, q, status));
        if (!ex.getResponseHeaders().containsKey("Content-Type")) {
            ex.getResponseHeaders().add("Content-Type", "application/xml;charset=utf-8");
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> q = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                q.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return q;
    }

    private static String encode(Map<String, String> q) {
        StringBuilder sb = new StringBuilder();
        q.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20")));
        return sb.toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
