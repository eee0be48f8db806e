package dev.caravan.source.http;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server on a free loopback port (JDK's com.sun.net.httpserver) that records every
 * request and can be told to answer the next requests with scripted failures before its handler.
 */
class TestServer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    /** One request as the server saw it, with the fake clock's time at arrival. */
    record Seen(String method, String path, Map<String, String> query, String body, Map<String, String> headers, long nanos) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    /** A scripted answer: a status with headers and body, or a dropped connection (status 0). */
    record Scripted(int status, Map<String, String> headers, String body) {
        static Scripted drop() {
            return new Scripted(0, Map.of(), "");
        }
    }

    @FunctionalInterface
    interface Handler {
        void handle(Seen request, HttpExchange exchange) throws IOException;
    }

    final HttpServer server;
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Deque<Scripted> script = new ArrayDeque<>();
    private final Ticker clock;

    TestServer(Ticker clock) throws IOException {
        this.clock = clock;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void route(String prefix, Handler handler) {
        server.createContext(prefix, exchange -> {
            try (exchange) {
                Seen s = record(exchange);
                Scripted next;
                synchronized (script) {
                    next = script.pollFirst();
                }
                if (next != null) {
                    if (next.status() == 0) {
                        throw new IOException("dropping the connection without an answer");
                    }
                    next.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                    send(exchange, next.status(), next.body());
                    return;
                }
                handler.handle(s, exchange);
            }
        });
    }

    /** The next requests (to any route) get these answers, in order, before the handlers run again. */
    void then(Scripted... answers) {
        synchronized (script) {
            script.addAll(List.of(answers));
        }
    }

    private Seen record(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
        Seen s = new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), query(exchange.getRequestURI()), body,
                headers, clock.nanos());
        seen.add(s);
        return s;
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> q = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                q.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return q;
    }

    static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    static void json(HttpExchange exchange, int status, JsonNode body) throws IOException {
        send(exchange, status, JSON.writeValueAsString(body));
    }

    List<Seen> requestsTo(String path) {
        return seen.stream().filter(s -> s.path().equals(path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
