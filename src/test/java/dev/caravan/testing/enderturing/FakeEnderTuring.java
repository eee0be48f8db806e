package dev.caravan.testing.enderturing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local Ender Turing API on loopback, following the public shapes (docs/sources/enderturing-api.md):
 * form login at /api/v1/login/access-token (401 on bad credentials), bearer tokens that can be
 * expired, dictionaries as bare arrays honouring skip and limit with a small DEFAULT limit (so a
 * client that sends none is truncated), sessions as {total, items} filtered by date_range and
 * time_range on start_dt (both minute bounds inclusive, the end minute to its last second), and a
 * hard cap per query: total is the true count, but no item past the cap is ever returned (pages
 * past it are silently empty or short, the dangerous way). Scripted 429/5xx answers go first.
 */
public final class FakeEnderTuring implements AutoCloseable {

    public static final String USER = "qa@example.com";
    public static final String PASSWORD = "s3cret-Pa55";
    public static final String PAT = "et-pat-7c1d9e";
    /** What the fake answers a dictionary request that sends no limit. */
    public static final int DEFAULT_LIMIT = 10;
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, List<ObjectNode>> dictionaries = new ConcurrentHashMap<>();
    /** Sessions by start_dt order (the fake sorts on each query). */
    private final List<ObjectNode> sessions = new CopyOnWriteArrayList<>();
    private final Map<String, ArrayNode> scores = new ConcurrentHashMap<>();
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final Deque<Integer> faults = new ArrayDeque<>();
    private final AtomicInteger logins = new AtomicInteger();
    private final AtomicInteger throttled = new AtomicInteger();
    public final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile int cap = 10_000;
    private volatile long expiresIn = 3600;
    /** Requests per second beyond which the fake answers 429 (0: no limit), as a server-side limit would. */
    private volatile int perSecond;
    private final Deque<Long> recent = new ArrayDeque<>();

    private FakeEnderTuring() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/api/v1/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
    }

    public static FakeEnderTuring start() {
        try {
            return new FakeEnderTuring();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Forgets every record, token, fault and count. */
    public synchronized FakeEnderTuring reset() {
        dictionaries.clear();
        sessions.clear();
        scores.clear();
        tokens.clear();
        faults.clear();
        requests.clear();
        logins.set(0);
        throttled.set(0);
        cap = 10_000;
        expiresIn = 3600;
        perSecond = 0;
        return this;
    }

    public FakeEnderTuring cap(int results) {
        this.cap = results;
        return this;
    }

    public FakeEnderTuring rateLimit(int requestsPerSecond) {
        this.perSecond = requestsPerSecond;
        return this;
    }

    private synchronized boolean overLimit() {
        if (perSecond <= 0) {
            return false;
        }
        long now = System.nanoTime();
        while (!recent.isEmpty() && now - recent.peekFirst() > 1_000_000_000L) {
            recent.pollFirst();
        }
        if (recent.size() >= perSecond) {
            return true;
        }
        recent.addLast(now);
        return false;
    }

    public FakeEnderTuring expiresIn(long seconds) {
        this.expiresIn = seconds;
        return this;
    }

    /** The next requests get these statuses (429 with Retry-After: 0, or a 5xx), in order. */
    public synchronized FakeEnderTuring faults(Integer... statuses) {
        faults.addAll(List.of(statuses));
        return this;
    }

    /** Every login token stops working (as if it expired on the server). */
    public void expireTokens() {
        tokens.clear();
    }

    public int logins() {
        return logins.get();
    }

    public int throttledAnswers() {
        return throttled.get();
    }

    public long count(String pathPrefix) {
        return requests.stream().filter(r -> r.startsWith(pathPrefix)).count();
    }

    public FakeEnderTuring dictionary(String path, List<ObjectNode> items) {
        dictionaries.put(path, new CopyOnWriteArrayList<>(items));
        return this;
    }

    public FakeEnderTuring session(ObjectNode s) {
        sessions.add(s);
        return this;
    }

    public List<ObjectNode> sessions() {
        return sessions;
    }

    /** Adds a score (one point score per point) to a session: its reviewers and updated_at change, as a review does. */
    public void score(String sessionId, int scoreId, int reviewer, int scorecard, int points, LocalDateTime at) {
        ObjectNode score = JSON.createObjectNode().put("id", scoreId).put("session_id", sessionId).put("scorecard_id", scorecard)
                .put("reviewer_id", reviewer);
        ArrayNode ps = score.putArray("point_scores");
        for (int p = 1; p <= points; p++) {
            ps.addObject().put("scorecard_point_id", 40 + p).put("score", p % 2).put("comment", "point " + p);
        }
        score.putObject("meta").put("dispute_pending", false).put("is_agreed", false);
        scores.computeIfAbsent(sessionId, k -> JSON.createArrayNode()).add(score);
        for (ObjectNode s : sessions) {
            if (s.get("id").asText().equals(sessionId)) {
                s.put("updated_at", EnderTuringData.iso(at) + ".000001");
                ((ArrayNode) s.withArray("reviewers")).addObject().put("id", reviewer).put("name", "QA Lead")
                        .put("last_reviewed_at", EnderTuringData.iso(at) + ".947975");
            }
        }
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String path = x.getRequestURI().getPath();
            Map<String, String> q = query(x.getRequestURI().getRawQuery());
            requests.add(path + (x.getRequestURI().getRawQuery() == null ? "" : "?" + x.getRequestURI().getRawQuery()));
            Integer fault;
            synchronized (this) {
                fault = faults.pollFirst();
            }
            if (fault == null && overLimit()) {
                fault = 429;
            }
            if (fault != null) {
                if (fault == 429 || fault == 503) {
                    throttled.incrementAndGet();
                    x.getResponseHeaders().add("Retry-After", "0");
                }
                send(x, fault, "{\"detail\":\"scripted " + fault + "\"}");
                return;
            }
            if (path.equals("/api/v1/login/access-token")) {
                login(x);
                return;
            }
            String auth = x.getRequestHeaders().getFirst("Authorization");
            String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
            if (token == null || !(token.equals(PAT) || tokens.contains(token))) {
                send(x, 401, "{\"detail\":\"Could not validate credentials\"}");
                return;
            }
            if (path.equals("/api/v1/sessions")) {
                sessionsPage(x, q);
            } else if (path.startsWith("/api/v1/sessions/") && path.endsWith("/scores")) {
                String id = path.substring("/api/v1/sessions/".length(), path.length() - "/scores".length());
                send(x, 200, JSON.writeValueAsString(scores.getOrDefault(id, JSON.createArrayNode())));
            } else if (dictionaries.containsKey(path.substring("/api/v1".length()))) {
                List<ObjectNode> all = dictionaries.get(path.substring("/api/v1".length()));
                int skip = Integer.parseInt(q.getOrDefault("skip", "0"));
                int limit = Integer.parseInt(q.getOrDefault("limit", Integer.toString(DEFAULT_LIMIT)));
                send(x, 200, JSON.writeValueAsString(all.subList(Math.min(skip, all.size()), Math.min(skip + limit, all.size()))));
            } else {
                send(x, 404, "{\"detail\":\"Not Found\"}");
            }
        } catch (RuntimeException e) {
            send(x, 500, "{\"detail\":\"" + e.getClass().getSimpleName() + "\"}");
        }
    }

    private void login(HttpExchange x) throws IOException {
        Map<String, String> form = query(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!USER.equals(form.get("username")) || !PASSWORD.equals(form.get("password"))) {
            send(x, 401, "{\"detail\":\"Incorrect email or password\"}");
            return;
        }
        String token = "et-jwt-" + logins.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
        tokens.add(token);
        send(x, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"bearer\",\"expires_in\":" + expiresIn + "}");
    }

    private void sessionsPage(HttpExchange x, Map<String, String> q) throws IOException {
        List<ObjectNode> matching = new ArrayList<>();
        for (ObjectNode s : sessions) {
            if (matches(LocalDateTime.parse(s.get("start_dt").asText()), q.get("date_range"), q.get("time_range"))) {
                matching.add(s);
            }
        }
        matching.sort((a, b) -> {
            int c = a.get("start_dt").asText().compareTo(b.get("start_dt").asText());
            return c != 0 ? c : a.get("id").asText().compareTo(b.get("id").asText());
        });
        int skip = Integer.parseInt(q.getOrDefault("skip", "0"));
        int limit = Integer.parseInt(q.getOrDefault("limit", "50"));
        int end = Math.min(Math.min(skip + limit, matching.size()), cap); // never an item past the cap
        ObjectNode page = JSON.createObjectNode().put("total", matching.size());
        ArrayNode items = page.putArray("items");
        for (int i = skip; i < end; i++) {
            items.add(matching.get(i));
        }
        send(x, 200, JSON.writeValueAsString(page));
    }

    static boolean matches(LocalDateTime t, String dateRange, String timeRange) {
        if (dateRange != null) {
            String[] d = dateRange.split(";");
            LocalDate day = t.toLocalDate();
            if (day.isBefore(LocalDate.parse(d[0])) || day.isAfter(LocalDate.parse(d[1]))) {
                return false;
            }
        }
        if (timeRange != null) {
            String[] h = timeRange.split(";");
            LocalTime at = t.toLocalTime();
            LocalTime endExclusive = LocalTime.parse(h[1]).plusMinutes(1);
            boolean beforeEnd = endExclusive.equals(LocalTime.MIDNIGHT) || at.isBefore(endExclusive);
            return !at.isBefore(LocalTime.parse(h[0])) && beforeEnd;
        }
        return true;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                q.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return q;
    }

    private static void send(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
