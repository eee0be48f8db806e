package dev.caravan.testing.apis;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The common part of the vendor fakes: a real HTTP server on a free loopback port that records each
 * request, can answer the next requests with scripted failures (a 429 with Retry-After, a 503) before
 * the vendor's handler runs, and counts the statuses it answered.
 */
public abstract class FakeApi implements AutoCloseable {

    protected static final ObjectMapper JSON = new ObjectMapper();

    /** One request as the fake saw it (header names in lower case). */
    public record Request(String method, String path, Map<String, String> query, Map<String, String> headers, String rawQuery) {
        public String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    private final HttpServer server;
    public final List<Request> seen = new CopyOnWriteArrayList<>();
    private final Deque<int[]> script = new ArrayDeque<>();
    private final Map<Integer, AtomicInteger> answered = new ConcurrentHashMap<>();

    protected FakeApi() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                Request r = record(exchange);
                int[] next;
                synchronized (script) {
                    next = script.pollFirst();
                }
                if (next != null) {
                    if (next[0] == 429) {
                        exchange.getResponseHeaders().add("Retry-After", "0.2");
                    }
                    send(exchange, next[0], "application/json", failureBody(next[0]));
                    return;
                }
                handle(r, exchange);
            } catch (RuntimeException e) {
                send(exchange, 500, "application/json", "{\"error\":\"fake failed: " + e.getClass().getSimpleName() + "\"}");
            }
        });
        server.start();
    }

    /** The vendor's answer to a request no script intercepted. */
    protected abstract void handle(Request r, HttpExchange exchange) throws IOException;

    /** The body a scripted failure carries, in the vendor's error shape. */
    protected String failureBody(int status) {
        return "{\"error\":\"scripted " + status + "\"}";
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next requests get these statuses (429 with Retry-After: 0.2), in order, before the handler answers again. */
    public void then(int... statuses) {
        synchronized (script) {
            for (int s : statuses) {
                script.addLast(new int[] {s});
            }
        }
    }

    /** How many answers had this status. */
    public int answered(int status) {
        AtomicInteger n = answered.get(status);
        return n == null ? 0 : n.get();
    }

    /** Requests to paths starting with {@code prefix}. */
    public List<Request> requests(String prefix) {
        return seen.stream().filter(r -> r.path().startsWith(prefix)).toList();
    }

    protected void resetSeen() {
        seen.clear();
        answered.clear();
        synchronized (script) {
            script.clear();
        }
    }

    protected void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        answered.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    protected void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, "application/json", JSON.writeValueAsString(body));
    }

    private Request record(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
        URI uri = exchange.getRequestURI();
        Request r = new Request(exchange.getRequestMethod(), uri.getPath(), query(uri), headers, uri.getRawQuery());
        seen.add(r);
        return r;
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> q = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                q.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return q;
    }

    static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
