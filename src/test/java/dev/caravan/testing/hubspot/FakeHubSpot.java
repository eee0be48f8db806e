package dev.caravan.testing.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local HTTP server that answers like HubSpot's public API, for tests: CRM v3 list and search of contacts,
 * companies, deals, tickets and appointments, v4 associations batch read, the OAuth refresh-token grant,
 * private-app tokens, HubSpot's rate limits and headers, and injected faults. It binds 127.0.0.1 on a free port.
 * No mocks: a real client talks HTTP/1.1 to it.
 *
 * <p>Every shape is taken from a named public source; see README.md in this package for the table, and the
 * comment on each handler below. Where HubSpot's behaviour is not documented the fake offers a switch and says
 * which way is the default.
 *
 * <pre>{@code
 * try (FakeHubSpot hubspot = FakeHubSpot.start()) {
 *     hubspot.seedAll(250);                          // 250 of each object type + associations
 *     hubspot.privateAppToken("pat-na1-test");
 *     String base = hubspot.baseUrl();               // HUBSPOT_BASE_URL for the client under test
 *     ...
 *     assertEquals(3, hubspot.count(FakeHubSpot.list(HubSpotObjectType.CONTACTS)));
 * }
 * }</pre>
 */
public final class FakeHubSpot implements AutoCloseable {

    /** When a 429 carries {@code Retry-After}. HubSpot's docs do not promise the header; the default is NONE. */
    public enum RetryAfter { NONE, COMPUTED, FIXED }

    /** What a {@code limit} above the documented maximum gets. Not documented by HubSpot; the default is CLAMP. */
    public enum LimitPolicy { CLAMP, REJECT }

    /** The OAuth token endpoint's key. */
    public static final String TOKEN = "POST /oauth/v1/token";

    /** List endpoint page-size maximum (HubSpot's own clients page at 100: hubspot-api-python PAGE_MAX_SIZE). */
    public static final int LIST_MAX_LIMIT = 100;
    /** Search page-size maximum: "The maximum number of supported objects per page is 200" (search guide). */
    public static final int SEARCH_MAX_LIMIT = 200;

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final JsonNodeFactory J = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> OPERATORS = Set.of("EQ", "NEQ", "LT", "LTE", "GT", "GTE", "BETWEEN", "IN",
            "NOT_IN", "HAS_PROPERTY", "NOT_HAS_PROPERTY", "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN");
    private static final String NO_CREDENTIALS = "Authentication credentials not found. This API supports OAuth 2.0"
            + " authentication and you can find more details at"
            + " https://developers.hubspot.com/docs/methods/auth/oauth-overview";

    private final HttpServer server;
    private final ExecutorService threads;
    private volatile HubSpotData data;
    private final Faults faults = new Faults();

    // rate limits
    private volatile SlidingWindowLimiter general = new SlidingWindowLimiter(100, Duration.ofSeconds(10));
    private volatile SlidingWindowLimiter search = new SlidingWindowLimiter(5, Duration.ofSeconds(1));
    private volatile boolean searchCountsTowardGeneral;
    private volatile long dailyLimit = 500_000;
    private final AtomicLong dailyUsed = new AtomicLong();
    private final SlidingWindowLimiter secondly = new SlidingWindowLimiter(Integer.MAX_VALUE, Duration.ofSeconds(1));
    private volatile RetryAfter retryAfter = RetryAfter.NONE;
    private volatile int retryAfterSeconds = 10;

    // query behaviour
    private volatile LimitPolicy limitPolicy = LimitPolicy.CLAMP;
    private volatile int searchResultCap = 10_000;
    private volatile Duration searchIndexLag = Duration.ZERO;
    private volatile int associationPageSize = 500;
    private volatile boolean associationIdsAsNumbers = true;

    // auth
    private volatile boolean requireAuth = true;
    private final Set<String> privateAppTokens = ConcurrentHashMap.newKeySet();
    private final Map<String, String> oauthClients = new ConcurrentHashMap<>();
    private final Set<String> refreshTokens = ConcurrentHashMap.newKeySet();
    private final Map<String, AccessToken> accessTokens = new ConcurrentHashMap<>();
    private volatile Duration accessTokenLifetime = Duration.ofMinutes(30);
    private volatile int accessTokenMaxUses;
    private volatile boolean rotateRefreshTokens;
    private final AtomicLong tokenCounter = new AtomicLong();

    // observability
    private final AtomicLong seq = new AtomicLong();
    private final ConcurrentLinkedQueue<RequestRecord> log = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicLong> perEndpoint = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicLong> perStatus = new ConcurrentHashMap<>();
    private final AtomicLong rateLimited = new AtomicLong();
    private final Set<String> tokensSeen = new LinkedHashSet<>();
    private final AtomicLong tokenGrants = new AtomicLong();

    private static final class AccessToken {
        final String value;
        final long issuedNanos;
        final Instant issuedAt;
        final Duration lifetime;
        final int maxUses;
        final AtomicInteger uses = new AtomicInteger();
        volatile boolean forcedExpired;
        volatile Instant forcedAt;

        AccessToken(String value, Duration lifetime, int maxUses) {
            this.value = value;
            this.issuedNanos = System.nanoTime();
            this.issuedAt = Instant.now();
            this.lifetime = lifetime;
            this.maxUses = maxUses;
        }

        /** When it expired, or null while valid; counts this use. */
        Instant expiredAtOnUse() {
            if (forcedExpired) {
                return forcedAt;
            }
            long age = System.nanoTime() - issuedNanos;
            if (age >= lifetime.toNanos()) {
                return issuedAt.plus(lifetime);
            }
            if (maxUses > 0 && uses.incrementAndGet() > maxUses) {
                return Instant.now();
            }
            return null;
        }
    }

    private FakeHubSpot(long randomSeed, int threadCount) throws IOException {
        data = new HubSpotData(randomSeed);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        threads = Executors.newFixedThreadPool(threadCount, r -> {
            Thread t = new Thread(r, "fake-hubspot");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a fake with random seed 7 and 8 server threads. */
    public static FakeHubSpot start() {
        return start(7L);
    }

    /** Starts a fake; the same seed gives the same seeded data. */
    public static FakeHubSpot start(long randomSeed) {
        try {
            return new FakeHubSpot(randomSeed, 8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the HubSpot fake", e);
        }
    }

    /**
     * Back to a fresh fake on the same port, for tests that share one server: new data from the seed,
     * default limits, no faults, no tokens, an empty request log.
     */
    public synchronized FakeHubSpot reset(long randomSeed) {
        data = new HubSpotData(randomSeed);
        faults.clear();
        general = new SlidingWindowLimiter(100, Duration.ofSeconds(10));
        search = new SlidingWindowLimiter(5, Duration.ofSeconds(1));
        searchCountsTowardGeneral = false;
        dailyUsed.set(0);
        retryAfter = RetryAfter.NONE;
        limitPolicy = LimitPolicy.CLAMP;
        searchResultCap = 10_000;
        searchIndexLag = Duration.ZERO;
        associationPageSize = 500;
        requireAuth = true;
        privateAppTokens.clear();
        oauthClients.clear();
        refreshTokens.clear();
        accessTokens.clear();
        accessTokenLifetime = Duration.ofMinutes(30);
        accessTokenMaxUses = 0;
        rotateRefreshTokens = false;
        return clearLog();
    }

    /** {@code http://127.0.0.1:<port>}, what {@code HUBSPOT_BASE_URL} should be set to. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ================================================================ endpoint keys

    /** {@code GET /crm/v3/objects/{type}}: the list endpoint's key (also reached as /crm/objects/v3/{type}). */
    public static String list(HubSpotObjectType type) {
        return "GET /crm/v3/objects/" + type.plural();
    }

    /** {@code GET /crm/v3/objects/{type}/{id}}: the single-read key. */
    public static String read(HubSpotObjectType type) {
        return "GET /crm/v3/objects/" + type.plural() + "/{id}";
    }

    /** {@code POST /crm/v3/objects/{type}/search}. */
    public static String search(HubSpotObjectType type) {
        return "POST /crm/v3/objects/" + type.plural() + "/search";
    }

    /** {@code POST /crm/v4/associations/{from}/{to}/batch/read}. */
    /** {@code POST /crm/v3/objects/{type}/batch/read}. */
    public static String batchRead(HubSpotObjectType type) {
        return "POST /crm/v3/objects/" + type.plural() + "/batch/read";
    }

    public static String associations(HubSpotObjectType from, HubSpotObjectType to) {
        return "POST /crm/v4/associations/" + from.plural() + "/" + to.plural() + "/batch/read";
    }

    // ================================================================ data

    /** The store, for seeding and changes beyond the shortcuts below. */
    public HubSpotData data() {
        return data;
    }

    /** Seeds {@code n} records of the type, modified over 2024 (see {@link HubSpotData#seed}). */
    public List<FakeRecord> seed(HubSpotObjectType type, int n) {
        return data.seed(type, n, HubSpotData.DEFAULT_FROM, HubSpotData.DEFAULT_TO);
    }

    /** Seeds {@code n} records of the type with creation and modification times inside [from, to). */
    public List<FakeRecord> seed(HubSpotObjectType type, int n, Instant from, Instant to) {
        return data.seed(type, n, from, to);
    }

    /** Seeds {@code n} of every object type over 2024 and associates them ({@link HubSpotData#seedAssociations}). */
    public FakeHubSpot seedAll(int n) {
        for (HubSpotObjectType t : HubSpotObjectType.values()) {
            seed(t, n);
        }
        data.seedAssociations();
        return this;
    }

    /** Modifies {@code count} live records at {@code at}; returns their ids. */
    public List<String> modify(HubSpotObjectType type, int count, Instant at) {
        return data.modify(type, count, at);
    }

    /** Archives {@code count} live records at {@code at}; returns their ids. */
    public List<String> archive(HubSpotObjectType type, int count, Instant at) {
        return data.archive(type, count, at);
    }

    // ================================================================ configuration

    /** The general limit, HubSpot's TEN_SECONDLY_ROLLING policy: at most {@code max} requests per {@code window}. */
    public FakeHubSpot generalLimit(int max, Duration window) {
        this.general = new SlidingWindowLimiter(max, window);
        return this;
    }

    /** The search limit (search guide: "rate limited to five requests per second per account"; was four). */
    public FakeHubSpot searchLimit(int max, Duration window) {
        this.search = new SlidingWindowLimiter(max, window);
        return this;
    }

    /**
     * Whether searches also count toward the general limit. The official spec marks the search operation
     * {@code "x-hubspot-rate-limit-exemptions": ["ten-secondly"]}, so the default is false.
     */
    public FakeHubSpot searchCountsTowardGeneral(boolean counts) {
        this.searchCountsTowardGeneral = counts;
        return this;
    }

    /** The daily limit (policy DAILY); 500,000 by default. */
    public FakeHubSpot dailyLimit(long limit) {
        this.dailyLimit = limit;
        return this;
    }

    /** No rate limits at all, and no rate-limit headers. */
    public FakeHubSpot rateLimitsOff() {
        this.general = null;
        this.search = null;
        this.dailyLimit = 0;
        return this;
    }

    /** 429 answers carry no Retry-After (default), one computed from the window, or a fixed number of seconds. */
    public FakeHubSpot retryAfter(RetryAfter mode) {
        this.retryAfter = mode;
        return this;
    }

    public FakeHubSpot retryAfterFixed(int seconds) {
        this.retryAfter = RetryAfter.FIXED;
        this.retryAfterSeconds = seconds;
        return this;
    }

    /** What {@code limit} past 100 (list) or 200 (search) gets: clamped (default) or a 400. */
    public FakeHubSpot limitPolicy(LimitPolicy policy) {
        this.limitPolicy = policy;
        return this;
    }

    /** The search result cap, 10,000 as documented; lower it to test window splitting with little data. */
    public FakeHubSpot searchResultCap(int cap) {
        this.searchResultCap = cap;
        return this;
    }

    /** Search sees a record's version only once it is this old (index lag); ZERO by default. */
    public FakeHubSpot searchIndexLag(Duration lag) {
        this.searchIndexLag = lag;
        return this;
    }

    /** Associations returned per input before {@code paging.next.after}; 500 by default (not documented). */
    public FakeHubSpot associationPageSize(int size) {
        this.associationPageSize = size;
        return this;
    }

    /** {@code toObjectId} as a JSON number (default; HubSpot's Node client types it int32) or as a string. */
    public FakeHubSpot associationIdsAsNumbers(boolean numbers) {
        this.associationIdsAsNumbers = numbers;
        return this;
    }

    /** Whether API calls need a token (default true). */
    public FakeHubSpot requireAuth(boolean require) {
        this.requireAuth = require;
        return this;
    }

    /** Accepts a private-app access token as a bearer token (it never expires; {@link #revoke} it). */
    public FakeHubSpot privateAppToken(String token) {
        privateAppTokens.add(token);
        return this;
    }

    /** Registers an OAuth app for the token endpoint. */
    public FakeHubSpot oauthApp(String clientId, String clientSecret) {
        oauthClients.put(clientId, clientSecret);
        return this;
    }

    /** Accepts a refresh token at the token endpoint. */
    public FakeHubSpot refreshToken(String token) {
        refreshTokens.add(token);
        return this;
    }

    /** Lifetime of access tokens issued from now on (HubSpot: expires_in 1800, 30 minutes). */
    public FakeHubSpot accessTokenLifetime(Duration lifetime) {
        this.accessTokenLifetime = lifetime;
        return this;
    }

    /** Access tokens issued from now on expire after this many API calls (0: no use limit). */
    public FakeHubSpot accessTokenMaxUses(int uses) {
        this.accessTokenMaxUses = uses;
        return this;
    }

    /** Refresh grants return a new refresh token and retire the old one (HubSpot keeps the same; default false). */
    public FakeHubSpot rotateRefreshTokens(boolean rotate) {
        this.rotateRefreshTokens = rotate;
        return this;
    }

    /** Issues an access token directly, as if a refresh grant had happened. */
    public String issueAccessToken() {
        String value = "fake-oauth-at-" + tokenCounter.incrementAndGet();
        accessTokens.put(value, new AccessToken(value, accessTokenLifetime, accessTokenMaxUses));
        return value;
    }

    /** Expires every OAuth access token issued so far, now. */
    public FakeHubSpot expireAccessTokens() {
        Instant now = Instant.now();
        for (AccessToken t : accessTokens.values()) {
            t.forcedAt = now;
            t.forcedExpired = true;
        }
        return this;
    }

    /** Stops accepting a private-app, access or refresh token. */
    public FakeHubSpot revoke(String token) {
        privateAppTokens.remove(token);
        accessTokens.remove(token);
        refreshTokens.remove(token);
        return this;
    }

    /** Fault injection. */
    public Faults faults() {
        return faults;
    }

    // ================================================================ observability

    /** Every request received so far, in arrival order. */
    public List<RequestRecord> requests() {
        List<RequestRecord> out = new ArrayList<>(log);
        out.sort(Comparator.comparingLong(RequestRecord::seq));
        return out;
    }

    /** Requests to one endpoint key ({@link #list}, {@link #search}, {@link #associations}, {@link #TOKEN}). */
    public long count(String endpoint) {
        AtomicLong n = perEndpoint.get(endpoint);
        return n == null ? 0 : n.get();
    }

    /** Request counts by endpoint key. */
    public Map<String, Long> countsByEndpoint() {
        Map<String, Long> out = new TreeMap<>();
        perEndpoint.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** All requests received. */
    public long requestCount() {
        return seq.get();
    }

    /** Responses answered with this status. */
    public long statusCount(int status) {
        AtomicLong n = perStatus.get(status);
        return n == null ? 0 : n.get();
    }

    /** 429 answers sent (real limits and injected ones). */
    public long rateLimitedCount() {
        return rateLimited.get();
    }

    /** Successful refresh-token grants. */
    public long tokenGrants() {
        return tokenGrants.get();
    }

    /** Bearer tokens seen, in first-seen order (valid or not). */
    public List<String> tokensSeen() {
        synchronized (tokensSeen) {
            return List.copyOf(tokensSeen);
        }
    }

    /** Arrival times of the requests to one endpoint key (null for all), in arrival order. */
    public List<Instant> requestTimes(String endpoint) {
        return requests().stream().filter(r -> endpoint == null || r.endpoint().equals(endpoint))
                .map(RequestRecord::at).toList();
    }

    /** Forgets the request log and counters (not the data, tokens or limits' windows). */
    public FakeHubSpot clearLog() {
        log.clear();
        perEndpoint.clear();
        perStatus.clear();
        rateLimited.set(0);
        synchronized (tokensSeen) {
            tokensSeen.clear();
        }
        return this;
    }

    // ================================================================ HTTP

    /** An answer: status, JSON or text body, extra headers. */
    private record Reply(int status, JsonNode json, String text, Map<String, String> headers) {
        static Reply json(int status, JsonNode body) {
            return new Reply(status, body, null, new LinkedHashMap<>());
        }
    }

    /** A resolved route: the endpoint key and what serves it. */
    private record Route(String key, Kind kind, HubSpotObjectType type, HubSpotObjectType toType, String id) {
    }

    private enum Kind { TOKEN, LIST, READ, SEARCH, BATCH_READ, ASSOCIATIONS, BAD_TYPE, NOT_FOUND }

    private void handle(HttpExchange ex) throws IOException {
        long n = seq.incrementAndGet();
        Instant at = Instant.now();
        String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
        String path = ex.getRequestURI().getRawPath();
        String query = ex.getRequestURI().getRawQuery();
        String body;
        try (var in = ex.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String token = bearer(ex);
        if (token != null) {
            synchronized (tokensSeen) {
                tokensSeen.add(token);
            }
        }
        Route route = route(method, path);
        perEndpoint.computeIfAbsent(route.key(), k -> new AtomicLong()).incrementAndGet();
        int status = -1;
        try {
            Reply reply = null;
            boolean reset = false;
            sleep(faults.slowAll());
            for (Faults.Action a : faults.match(n, route.key())) {
                switch (a.kind()) {
                    case DELAY -> sleep(a.delay());
                    case STATUS -> reply = faultStatus(a.status(), n);
                    case RESET -> reset = true;
                    case RATE_LIMIT -> reply = tooManyRequests("TEN_SECONDLY_ROLLING", n, 10);
                }
            }
            if (reply == null) {
                reply = serve(route, ex, query, body, token, n, reset);
            }
            status = reset ? -1 : reply.status();
            send(ex, reply, route, token, reset, n);
        } catch (RuntimeException e) {
            status = 500;
            send(ex, Reply.json(500, error(n, "INTERNAL_ERROR", "fake failed: " + e)), route, token, false, n);
        } finally {
            if (status == 429) {
                rateLimited.incrementAndGet();
            }
            perStatus.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
            log.add(new RequestRecord(n, at, method, path, query, route.key(), token, status,
                    body.isEmpty() ? null : body));
        }
    }

    private Reply serve(Route route, HttpExchange ex, String query, String body, String token, long n, boolean reset) {
        if (route.kind() == Kind.TOKEN) {
            return token(body, n);
        }
        if (route.kind() == Kind.NOT_FOUND) {
            return Reply.json(404, error(n, "OBJECT_NOT_FOUND", "No route for " + route.key() + " in the HubSpot fake"));
        }
        Reply denied = authenticate(token, n);
        if (denied != null) {
            return denied;
        }
        Reply limited = rateLimit(route, token, n);
        if (limited != null) {
            return limited;
        }
        return switch (route.kind()) {
            case LIST -> list(route.type(), query, n);
            case READ -> read(route.type(), route.id(), query, n);
            case SEARCH -> search(route.type(), body, n);
            case BATCH_READ -> batchRead(route.type(), body, n);
            case ASSOCIATIONS -> associationsBatchRead(route.type(), route.toType(), body, n);
            // Recalled wording of HubSpot's answer to an unknown object type; not verified against a source.
            case BAD_TYPE -> Reply.json(400, error(n, "VALIDATION_ERROR", "Unable to infer object type from: " + route.id()));
            default -> throw new IllegalStateException(route.toString());
        };
    }

    private static Route route(String method, String path) {
        String[] s = path.replaceAll("/+$", "").split("/");
        // s[0] is "" (leading slash)
        if (method.equals("POST") && path.equals("/oauth/v1/token")) {
            return new Route(TOKEN, Kind.TOKEN, null, null, null);
        }
        // /crm/v3/objects/{type}[/{id}|/search] and /crm/objects/v3/{type}... (the appointments spec's path form)
        boolean v3 = s.length >= 5 && s[1].equals("crm")
                && ((s[2].equals("v3") && s[3].equals("objects")) || (s[2].equals("objects") && s[3].equals("v3")));
        if (v3) {
            HubSpotObjectType type = HubSpotObjectType.fromPath(s[4]);
            if (type == null) {
                return new Route(method + " /crm/v3/objects/" + s[4], Kind.BAD_TYPE, null, null, s[4]);
            }
            if (s.length == 5 && method.equals("GET")) {
                return new Route(list(type), Kind.LIST, type, null, null);
            }
            if (s.length == 6 && method.equals("POST") && s[5].equals("search")) {
                return new Route(search(type), Kind.SEARCH, type, null, null);
            }
            if (s.length == 6 && method.equals("GET")) {
                return new Route(read(type), Kind.READ, type, null, s[5]);
            }
            if (s.length == 7 && method.equals("POST") && s[5].equals("batch") && s[6].equals("read")) {
                return new Route(batchRead(type), Kind.BATCH_READ, type, null, null);
            }
        }
        // /crm/v4/associations/{from}/{to}/batch/read
        if (method.equals("POST") && s.length == 8 && s[1].equals("crm") && s[2].equals("v4")
                && s[3].equals("associations") && s[6].equals("batch") && s[7].equals("read")) {
            HubSpotObjectType from = HubSpotObjectType.fromPath(s[4]);
            HubSpotObjectType to = HubSpotObjectType.fromPath(s[5]);
            if (from == null || to == null) {
                return new Route(method + " " + path, Kind.BAD_TYPE, null, null, from == null ? s[4] : s[5]);
            }
            return new Route(associations(from, to), Kind.ASSOCIATIONS, from, to, null);
        }
        return new Route(method + " " + path, Kind.NOT_FOUND, null, null, null);
    }

    private void send(HttpExchange ex, Reply reply, Route route, String token, boolean reset, long n)
            throws IOException {
        var h = ex.getResponseHeaders();
        h.set("X-HubSpot-Correlation-Id", correlationId(n));
        if (route.kind() != Kind.TOKEN && route.kind() != Kind.NOT_FOUND) {
            rateLimitHeaders(h, token);
        }
        reply.headers().forEach(h::set);
        byte[] bytes;
        if (reply.json() != null) {
            h.set("Content-Type", "application/json;charset=utf-8");
            bytes = MAPPER.writeValueAsBytes(reply.json());
        } else {
            h.set("Content-Type", "text/plain;charset=utf-8");
            bytes = reply.text().getBytes(StandardCharsets.UTF_8);
        }
        ex.sendResponseHeaders(reply.status(), bytes.length);
        OutputStream out = ex.getResponseBody();
        if (reset) {
            // Announced length, half the bytes, then the connection goes: the client sees the response end early.
            out.write(bytes, 0, bytes.length / 2);
            out.flush();
        } else {
            out.write(bytes);
        }
        ex.close();
    }

    /**
     * The rate-limit headers of the observed HubSpot response in HubSpot/hubspot-api-python issue 143 (2022):
     * X-HubSpot-RateLimit-Daily, -Daily-Remaining, -Interval-Milliseconds, -Max, -Remaining, -Secondly,
     * -Secondly-Remaining. Per HubSpot's changelog "Rate limit headers will now appear for OAuth authenticated
     * calls", OAuth calls get no Daily headers. Secondly is derived here as Max per second of the interval.
     */
    private void rateLimitHeaders(com.sun.net.httpserver.Headers h, String token) {
        SlidingWindowLimiter g = general;
        long now = System.nanoTime();
        if (g != null) {
            h.set("X-HubSpot-RateLimit-Interval-Milliseconds", Long.toString(g.windowMillis()));
            h.set("X-HubSpot-RateLimit-Max", Integer.toString(g.max()));
            h.set("X-HubSpot-RateLimit-Remaining", Integer.toString(g.remaining(now)));
            long perSecond = Math.max(1, g.max() * 1000L / Math.max(1, g.windowMillis()));
            long usedThisSecond = (long) Integer.MAX_VALUE - secondly.remaining(now);
            h.set("X-HubSpot-RateLimit-Secondly", Long.toString(perSecond));
            h.set("X-HubSpot-RateLimit-Secondly-Remaining", Long.toString(Math.max(0, perSecond - usedThisSecond)));
        }
        if (dailyLimit > 0 && token != null && privateAppTokens.contains(token)) {
            h.set("X-HubSpot-RateLimit-Daily", Long.toString(dailyLimit));
            h.set("X-HubSpot-RateLimit-Daily-Remaining", Long.toString(Math.max(0, dailyLimit - dailyUsed.get())));
        }
    }

    // ================================================================ auth

    private static String bearer(HttpExchange ex) {
        String a = ex.getRequestHeaders().getFirst("Authorization");
        if (a == null) {
            return null;
        }
        a = a.trim();
        return a.regionMatches(true, 0, "Bearer ", 0, 7) ? a.substring(7).trim() : null;
    }

    /**
     * 401 bodies: a missing or unknown token gets category INVALID_AUTHENTICATION with the message HubSpot gives
     * for missing credentials; an expired OAuth token gets EXPIRED_AUTHENTICATION with "The OAuth token used to
     * make this call expired N second(s) ago." and context {"expire time": [...]}: HubSpot's answer of 2022-06-21
     * as quoted in a comment of an integration's C# source (found through the code index, which does not name the
     * repository). The missing-credentials message is the one integrations quote from HubSpot's 401s. Legacy
     * {@code hapikey} query parameters are not accepted: HubSpot retired API keys in 2022.
     */
    private Reply authenticate(String token, long n) {
        if (!requireAuth) {
            return null;
        }
        if (token == null || token.isEmpty()) {
            return Reply.json(401, error(n, "INVALID_AUTHENTICATION", NO_CREDENTIALS));
        }
        if (privateAppTokens.contains(token)) {
            return null;
        }
        AccessToken at = accessTokens.get(token);
        if (at == null) {
            return Reply.json(401, error(n, "INVALID_AUTHENTICATION", NO_CREDENTIALS));
        }
        Instant expiredAt = at.expiredAtOnUse();
        if (expiredAt == null) {
            return null;
        }
        long ago = Math.max(0, Duration.between(expiredAt, Instant.now()).toSeconds());
        ObjectNode e = error(n, "EXPIRED_AUTHENTICATION",
                "The OAuth token used to make this call expired " + ago + " second(s) ago.");
        e.putObject("context").putArray("expire time").add(iso(expiredAt));
        return Reply.json(401, e);
    }

    /**
     * {@code POST /oauth/v1/token}, form-encoded (HubSpot/hubspot-api-python oauth tokens_api: form params
     * grant_type, code, redirect_uri, client_id, client_secret, refresh_token; Content-Type
     * application/x-www-form-urlencoded). 200 body: AccessTokenResponse of the official spec
     * PublicApiSpecs/Auth/Oauth/Rollouts/155908/v1/oauth.json: access_token, refresh_token, expires_in,
     * token_type, token_use, hub_id. A bad refresh token answers 400
     * {@code {"status":"BAD_REFRESH_TOKEN","message":"missing or unknown refresh token",...}} as integrations
     * observe it; a bad client id {@code BAD_CLIENT_ID}, "missing or invalid client id".
     */
    private Reply token(String body, long n) {
        Map<String, String> form = parseForm(body);
        ObjectNode err = J.objectNode();
        String grant = form.get("grant_type");
        if (!"refresh_token".equals(grant)) {
            err.put("status", "BAD_GRANT_TYPE");
            err.put("message", "the fake supports grant_type=refresh_token only, got " + grant);
            err.put("correlationId", correlationId(n));
            return Reply.json(400, err);
        }
        String clientId = form.get("client_id");
        String secret = oauthClients.get(clientId == null ? "" : clientId);
        if (secret == null) {
            err.put("status", "BAD_CLIENT_ID");
            err.put("message", "missing or invalid client id");
            err.put("correlationId", correlationId(n));
            return Reply.json(400, err);
        }
        if (!secret.equals(form.get("client_secret"))) {
            // The status name for a wrong secret is not verified against a source.
            err.put("status", "BAD_CLIENT_SECRET");
            err.put("message", "missing or invalid client secret");
            err.put("correlationId", correlationId(n));
            return Reply.json(400, err);
        }
        String refresh = form.get("refresh_token");
        if (refresh == null || !refreshTokens.contains(refresh)) {
            err.put("status", "BAD_REFRESH_TOKEN");
            err.put("message", "missing or unknown refresh token");
            err.put("correlationId", correlationId(n));
            return Reply.json(400, err);
        }
        if (rotateRefreshTokens) {
            refreshTokens.remove(refresh);
            refresh = "fake-oauth-rt-" + tokenCounter.incrementAndGet();
            refreshTokens.add(refresh);
        }
        String access = issueAccessToken();
        tokenGrants.incrementAndGet();
        ObjectNode ok = J.objectNode();
        ok.put("token_type", "bearer");
        ok.put("refresh_token", refresh);
        ok.put("access_token", access);
        ok.put("expires_in", accessTokenLifetime.toSeconds());
        ok.put("token_use", "access_token");
        ok.put("hub_id", 1234567);
        return Reply.json(200, ok);
    }

    // ================================================================ rate limits

    /**
     * 429 bodies. The general (TEN_SECONDLY_ROLLING) and daily ones follow HubSpot's usage-details example,
     * {"status":"error","message":"You have reached your daily limit.","errorType":"RATE_LIMIT","correlationId":…,
     * "policyName":"DAILY","requestId":…}, "The message and policyName will indicate which limit you hit"
     * (developers.hubspot.com/docs/api/usage-details, quoted in community.hubspot.com, APIs &amp; Integrations,
     * 2021-10-18), with message "You have reached your ten_secondly_rolling limit." for the ten-secondly policy
     * (the wording integrations quote); the search one is the body recorded from HubSpot by nock in
     * grouparoo/grouparoo plugins/@grouparoo/hubspot/__tests__/fixtures/export-objects/ (2021-2022): message "You
     * have reached your secondly limit.", category RATE_LIMITS. HubSpot's own Node client tells them apart by policyName TEN_SECONDLY_ROLLING and by that
     * exact search message (hubspot-api-nodejs src/services/decorators/RetryDecorator.ts). Every 429 here also
     * carries category RATE_LIMITS.
     */
    private Reply rateLimit(Route route, String token, long n) {
        long now = System.nanoTime();
        boolean isSearch = route.kind() == Kind.SEARCH;
        SlidingWindowLimiter s = search;
        SlidingWindowLimiter g = general;
        if (dailyLimit > 0 && dailyUsed.get() >= dailyLimit) {
            return tooManyRequests("DAILY", n, 0);
        }
        if (isSearch && s != null && !s.tryAcquire(now)) {
            return tooManyRequests("SECONDLY", n, s.millisUntilFree(now));
        }
        if ((!isSearch || searchCountsTowardGeneral) && g != null) {
            if (!g.tryAcquire(now)) {
                return tooManyRequests("TEN_SECONDLY_ROLLING", n, g.millisUntilFree(now));
            }
            secondly.tryAcquire(now);
        }
        dailyUsed.incrementAndGet();
        return null;
    }

    private Reply tooManyRequests(String policy, long n, long millisUntilFree) {
        ObjectNode b = J.objectNode();
        b.put("status", "error");
        switch (policy) {
            case "SECONDLY" -> b.put("message", "You have reached your secondly limit.");
            case "DAILY" -> b.put("message", "You have reached your daily limit.");
            default -> b.put("message", "You have reached your ten_secondly_rolling limit.");
        }
        if (!policy.equals("SECONDLY")) {
            b.put("errorType", "RATE_LIMIT");
        }
        b.put("correlationId", correlationId(n));
        if (!policy.equals("SECONDLY")) {
            b.put("policyName", policy);
            b.put("requestId", UUID.nameUUIDFromBytes(("request-" + n).getBytes(StandardCharsets.UTF_8)).toString());
        }
        b.put("category", "RATE_LIMITS");
        Reply r = Reply.json(429, b);
        switch (retryAfter) {
            case COMPUTED -> r.headers().put("Retry-After", Long.toString(Math.max(1, (millisUntilFree + 999) / 1000)));
            case FIXED -> r.headers().put("Retry-After", Integer.toString(retryAfterSeconds));
            default -> {
            }
        }
        return r;
    }

    private Reply faultStatus(int status, long n) {
        if (status == 502) {
            // A gateway's answer, not HubSpot's JSON: what sits in front of api.hubapi.com answers these.
            return new Reply(502, null, "502 Bad Gateway", new LinkedHashMap<>());
        }
        return Reply.json(status, error(n, "INTERNAL_ERROR", "injected " + status + " from the HubSpot fake"));
    }

    // ================================================================ CRM v3 objects

    /**
     * {@code GET /crm/v3/objects/{type}?limit&after&properties&archived}. Parameters: limit (default 10), after
     * ("The paging cursor token of the last successfully read resource will be returned as the paging.next.after
     * JSON property"), properties ("A comma separated list ... If any of the specified properties are not present
     * on the requested object(s), they will be ignored"; also accepted repeated, as HubSpot's Python client sends
     * it), archived ("Whether to return only results that have been archived", default false): official spec
     * PublicApiSpecs/CRM/Contacts/Rollouts/424/v3/contacts.json. Answer: CollectionResponseSimplePublicObject
     * WithAssociationsForwardPaging {@code {results: [...], paging: {next: {after, link}}}}, paging absent on the
     * last page; NextPage's example is {@code {"after": "NTI1Cg%3D%3D", "link": "?after=NTI1Cg%3D%3D"}}, so the
     * cursor is opaque (here: base64 of the next id) and the link is relative, as in that example.
     */
    private Reply list(HubSpotObjectType type, String query, long n) {
        Map<String, List<String>> q = parseQuery(query);
        int limit;
        try {
            limit = intParam(q, "limit", 10);
        } catch (NumberFormatException e) {
            return Reply.json(400, error(n, "VALIDATION_ERROR", "limit must be an integer"));
        }
        if (limit < 1) {
            return Reply.json(400, error(n, "VALIDATION_ERROR", "limit must be at least 1"));
        }
        if (limit > LIST_MAX_LIMIT) {
            if (limitPolicy == LimitPolicy.REJECT) {
                return Reply.json(400, error(n, "VALIDATION_ERROR", "limit may not exceed " + LIST_MAX_LIMIT));
            }
            limit = LIST_MAX_LIMIT;
        }
        long fromId = 0;
        String after = first(q, "after");
        if (after != null && !after.isEmpty()) {
            Long decoded = decodeCursor(after);
            if (decoded == null) {
                return Reply.json(400, error(n, "VALIDATION_ERROR", "invalid paging cursor " + after));
            }
            fromId = decoded;
        }
        boolean archived = "true".equalsIgnoreCase(first(q, "archived"));
        List<String> props = listParam(q, "properties");
        List<FakeRecord> page = data.listPage(type, archived, fromId, limit);
        ObjectNode out = J.objectNode();
        ArrayNode results = out.putArray("results");
        for (int i = 0; i < Math.min(limit, page.size()); i++) {
            FakeRecord r = page.get(i);
            results.add(render(r, r.current(), props));
        }
        if (page.size() > limit) {
            String next = encodeCursor(page.get(limit).id());
            ObjectNode nx = out.putObject("paging").putObject("next");
            nx.put("after", next);
            nx.put("link", "?after=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
        }
        return Reply.json(200, out);
    }

    /** {@code GET /crm/v3/objects/{type}/{id}}: one SimplePublicObjectWithAssociations, or 404. */
    private Reply read(HubSpotObjectType type, String id, String query, long n) {
        Map<String, List<String>> q = parseQuery(query);
        FakeRecord r = data.get(type, id);
        boolean archived = "true".equalsIgnoreCase(first(q, "archived"));
        if (r == null || r.archived() != archived) {
            return Reply.json(404, error(n, "OBJECT_NOT_FOUND", "resource not found"));
        }
        return Reply.json(200, render(r, r.current(), listParam(q, "properties")));
    }

    /**
     * SimplePublicObject: id, properties, createdAt, updatedAt, archived, archivedAt (when archived). With no
     * properties asked, the type's defaults; with some asked, those known to the type (null when the record has
     * no value) plus the creation and modification dates and hs_object_id, as in the search guide's response
     * example for {@code "properties": ["annualrevenue", "name"]}.
     */
    private ObjectNode render(FakeRecord r, FakeRecord.Version v, List<String> requested) {
        ObjectNode o = J.objectNode();
        o.put("id", r.idString());
        ObjectNode p = o.putObject("properties");
        Map<String, String> values = v.properties();
        Set<String> names = new java.util.TreeSet<>();
        if (requested == null || requested.isEmpty()) {
            names.addAll(r.type().defaultProperties());
        } else {
            names.add(r.type().createdProperty());
            names.add(r.type().modifiedProperty());
            names.add("hs_object_id");
            Set<String> known = data.knownProperties(r.type());
            for (String name : requested) {
                if (known.contains(name)) {
                    names.add(name);
                }
            }
        }
        for (String name : names) {
            p.put(name, values.get(name));
        }
        o.put("createdAt", iso(r.createdAt()));
        o.put("updatedAt", iso(v.updatedAt()));
        o.put("archived", r.archived());
        if (r.archived()) {
            o.put("archivedAt", iso(r.archivedAt()));
        }
        return o;
    }

    /** A batch endpoint's JSON body ({} when empty), or null when it is not JSON. */
    private static JsonNode batchRequest(String body) {
        try {
            return MAPPER.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (IOException e) {
            return null;
        }
    }

    /** HubSpot's cap on inputs per batch request (batch read of CRM objects). */
    static final int BATCH_MAX_INPUTS = 100;

    /**
     * {@code POST /crm/v3/objects/{type}/batch/read} with BatchReadInputSimplePublicObjectId {@code {properties,
     * propertiesWithHistory, idProperty?, inputs: [{id}], archived?}} (hubspot-api-nodejs codegen/crm/objects
     * models; HubSpot API reference "batch/read"). Answer: BatchResponseSimplePublicObject {@code {status:
     * "COMPLETE", results: [SimplePublicObject], startedAt, completedAt}}; ids that are unknown or archived (unless
     * archived: true) come back as one error with HTTP 207, {@code {status: "error", category: "OBJECT_NOT_FOUND",
     * message, context: {ids: [...]}}} and numErrors. More than 100 inputs is a 400 VALIDATION_ERROR.
     */
    private Reply batchRead(HubSpotObjectType type, String body, long n) {
        JsonNode req = batchRequest(body);
        if (req == null || !req.path("inputs").isArray()) {
            return Reply.json(400, error(n, "VALIDATION_ERROR", req == null ? "Invalid input JSON" : "inputs is required"));
        }
        JsonNode inputs = req.path("inputs");
        if (inputs.size() > BATCH_MAX_INPUTS) {
            return Reply.json(400, error(n, "VALIDATION_ERROR", "Batch input limit of " + BATCH_MAX_INPUTS + " exceeded"));
        }
        boolean archived = req.path("archived").asBoolean(false);
        List<String> props = new ArrayList<>();
        req.path("properties").forEach(p -> props.add(p.asText()));
        Instant started = Instant.now();
        ArrayNode results = J.arrayNode();
        ArrayNode missing = J.arrayNode();
        for (JsonNode in : inputs) {
            String id = in.path("id").asText("");
            FakeRecord r = data.get(type, id);
            if (r == null || r.archived() != archived) {
                missing.add(id);
                continue;
            }
            results.add(render(r, r.current(), props));
        }
        ObjectNode out = J.objectNode();
        out.put("status", "COMPLETE");
        out.set("results", results);
        if (!missing.isEmpty()) {
            out.put("numErrors", 1);
            ObjectNode e = out.putArray("errors").addObject();
            e.put("status", "error");
            e.put("category", "OBJECT_NOT_FOUND");
            e.put("message", "Could not get some " + type.singular().toUpperCase(java.util.Locale.ROOT)
                    + " objects, they may be deleted or not exist. Check that ids are valid.");
            e.putObject("context").set("ids", missing);
        }
        out.put("startedAt", iso(started));
        out.put("completedAt", iso(Instant.now()));
        return Reply.json(missing.isEmpty() ? 200 : 207, out);
    }

    // ================================================================ search

    /**
     * {@code POST /crm/v3/objects/{type}/search}, body PublicObjectSearchRequest {@code {filterGroups: [{filters:
     * [{propertyName, operator, value, highValue, values}]}], sorts, query, properties, limit, after}} (official
     * spec, contacts.json). Behaviour from the CRM search guide: default 10 per page, at most 200; "you must
     * format the value in the after parameter as an integer"; "If the paging.next.after property isn't provided,
     * there are no additional results"; "limited to 10,000 total results for any given query. Attempting to page
     * beyond 10,000 will result in a 400 error"; at most five filterGroups with up to six filters each and 18 in
     * total, else a VALIDATION_ERROR; a query of at most 3,000 characters; "Only one sorting rule can be applied";
     * default order by creation, oldest first; archived records never appear. Answer:
     * CollectionResponseWithTotalSimplePublicObject {@code {total, results, paging: {next: {after}}}}.
     */
    private Reply search(HubSpotObjectType type, String body, long n) {
        JsonNode req;
        try {
            req = body == null || body.isBlank() ? J.objectNode() : MAPPER.readTree(body);
        } catch (IOException e) {
            return Reply.json(400, error(n, "VALIDATION_ERROR", "Invalid input JSON: " + e.getMessage()));
        }
        String queryText = req.path("query").asText(null);
        if (queryText != null && queryText.length() > 3000) {
            return Reply.json(400, error(n, "VALIDATION_ERROR", "query may contain at most 3,000 characters"));
        }
        int limit = req.hasNonNull("limit") ? req.get("limit").asInt(10) : 10;
        if (limit < 1) {
            return Reply.json(400, error(n, "VALIDATION_ERROR", "limit must be at least 1"));
        }
        if (limit > SEARCH_MAX_LIMIT) {
            if (limitPolicy == LimitPolicy.REJECT) {
                return Reply.json(400, error(n, "VALIDATION_ERROR", "limit may not exceed " + SEARCH_MAX_LIMIT));
            }
            limit = SEARCH_MAX_LIMIT;
        }
        int after = 0;
        if (req.hasNonNull("after") && !req.get("after").asText().isEmpty()) {
            try {
                after = Integer.parseInt(req.get("after").asText().trim());
            } catch (NumberFormatException e) {
                return Reply.json(400, error(n, "VALIDATION_ERROR", "after must be formatted as an integer"));
            }
        }
        if (after >= searchResultCap) {
            // The docs say only "a 400 error"; this message is the fake's own wording.
            return Reply.json(400, error(n, "VALIDATION_ERROR", "The search endpoints are limited to "
                    + searchResultCap + " total results for any given query; after=" + after + " pages beyond it"));
        }
        JsonNode groups = req.path("filterGroups");
        if ((!groups.isArray() || groups.isEmpty()) && req.path("filters").isArray() && !req.path("filters").isEmpty()) {
            // A top-level "filters" array, one AND group: the search guide's "Search through associations" example
            // sends it so, and so does Airbyte's source-hubspot (CRMSearchStream._process_search).
            ArrayNode one = J.arrayNode();
            one.addObject().set("filters", req.get("filters"));
            groups = one;
        }
        int total = 0;
        if (groups.size() > 5) {
            return Reply.json(400, error(n, "VALIDATION_ERROR", "at most 5 filterGroups are allowed"));
        }
        for (JsonNode g : groups) {
            JsonNode filters = g.path("filters");
            if (filters.size() > 6) {
                return Reply.json(400, error(n, "VALIDATION_ERROR", "at most 6 filters per filterGroup are allowed"));
            }
            total += filters.size();
            for (JsonNode f : filters) {
                if (!f.hasNonNull("propertyName") || !OPERATORS.contains(f.path("operator").asText())) {
                    return Reply.json(400, error(n, "VALIDATION_ERROR", "invalid filter " + f));
                }
            }
        }
        if (total > 18) {
            return Reply.json(400, error(n, "VALIDATION_ERROR", "at most 18 filters in total are allowed"));
        }
        String sortProperty = null;
        boolean descending = false;
        JsonNode sorts = req.path("sorts");
        if (sorts.isArray() && !sorts.isEmpty()) {
            JsonNode s0 = sorts.get(0); // one sorting rule; any further ones are ignored
            if (s0.isTextual()) {
                String t = s0.asText();
                descending = t.startsWith("-");
                sortProperty = descending ? t.substring(1) : t;
            } else {
                sortProperty = s0.path("propertyName").asText(null);
                descending = "DESCENDING".equalsIgnoreCase(s0.path("direction").asText("ASCENDING"));
            }
        }
        List<String> props = new ArrayList<>();
        req.path("properties").forEach(p -> props.add(p.asText()));
        List<HubSpotData.Indexed> hits = data.search(type, groups, sortProperty, descending, queryText,
                Instant.now().minus(searchIndexLag));
        ObjectNode out = J.objectNode();
        out.put("total", hits.size());
        ArrayNode results = out.putArray("results");
        int end = Math.min(Math.min(after + limit, hits.size()), searchResultCap);
        for (int i = after; i < end; i++) {
            HubSpotData.Indexed x = hits.get(i);
            results.add(render(x.record(), x.version(), props));
        }
        if (end < hits.size()) {
            out.putObject("paging").putObject("next").put("after", Integer.toString(end));
        }
        return Reply.json(200, out);
    }

    // ================================================================ v4 associations

    /**
     * {@code POST /crm/v4/associations/{fromObjectType}/{toObjectType}/batch/read} with
     * {@code {"inputs": [{"id", "after"?}]}}. Answer: BatchResponsePublicAssociationMultiWithLabel
     * {@code {status, results: [{from: {id}, to: [{toObjectId, associationTypes: [{category, typeId, label}]}],
     * paging?}], startedAt, completedAt}} (hubspot-api-nodejs codegen/crm/associations/v4/models; HubSpot API
     * reference "batch/get-associations"). "The 'after' field in a returned paging object can be added alongside
     * the 'id' to retrieve the next page ... The 'paging' field will only be present if there are more pages"
     * (BatchApi.getPage doc). Inputs with no associations come back as errors with HTTP 207: {@code {status:
     * "error", category: "OBJECT_NOT_FOUND", subCategory: "crm.associations.NO_ASSOCIATIONS_FOUND", message: "No
     * company is associated with deal 515690208449.", context: {fromObjectId, fromObjectType, toObjectType}}} and
     * numErrors, as integrations record HubSpot's answer (the 207 is in the Node client's getPage handling).
     */
    private Reply associationsBatchRead(HubSpotObjectType from, HubSpotObjectType to, String body, long n) {
        JsonNode req = batchRequest(body);
        if (req == null || !req.path("inputs").isArray()) {
            return Reply.json(400, error(n, "VALIDATION_ERROR", req == null ? "Invalid input JSON" : "inputs is required"));
        }
        JsonNode inputs = req.path("inputs");
        Instant started = Instant.now();
        ArrayNode results = J.arrayNode();
        ArrayNode errors = J.arrayNode();
        for (JsonNode in : inputs) {
            String id = in.path("id").asText("");
            FakeRecord r = data.get(from, id);
            NavigableMap<Long, Boolean> assoc = r == null || !AssociationTypes.supported(from, to)
                    ? new TreeMap<>() : data.associations(from, r.id(), to);
            String afterCursor = in.path("after").asText(null);
            if (afterCursor != null && !afterCursor.isEmpty()) {
                Long start = decodeCursor(afterCursor);
                if (start == null) {
                    return Reply.json(400, error(n, "VALIDATION_ERROR", "invalid paging cursor " + afterCursor));
                }
                assoc = assoc.tailMap(start, true);
            }
            if (assoc.isEmpty()) {
                ObjectNode e = J.objectNode();
                e.put("status", "error");
                e.put("category", "OBJECT_NOT_FOUND");
                e.put("subCategory", "crm.associations.NO_ASSOCIATIONS_FOUND");
                e.put("message", "No " + to.singular() + " is associated with " + from.singular() + " " + id + ".");
                ObjectNode c = e.putObject("context");
                c.putArray("fromObjectId").add(id);
                c.putArray("fromObjectType").add(from.singular());
                c.putArray("toObjectType").add(to.singular());
                errors.add(e);
                continue;
            }
            ObjectNode res = J.objectNode();
            res.putObject("from").put("id", id);
            ArrayNode toArr = res.putArray("to");
            int count = 0;
            Long next = null;
            for (Map.Entry<Long, Boolean> a : assoc.entrySet()) {
                if (count == associationPageSize) {
                    next = a.getKey();
                    break;
                }
                ObjectNode t = toArr.addObject();
                if (associationIdsAsNumbers) {
                    t.put("toObjectId", a.getKey());
                } else {
                    t.put("toObjectId", Long.toString(a.getKey()));
                }
                ArrayNode types = t.putArray("associationTypes");
                Integer primary = AssociationTypes.primary(from, to);
                if (a.getValue() && primary != null) {
                    ObjectNode pt = types.addObject();
                    pt.put("category", "HUBSPOT_DEFINED");
                    pt.put("typeId", primary);
                    pt.put("label", AssociationTypes.PRIMARY_LABEL);
                }
                ObjectNode ut = types.addObject();
                ut.put("category", "HUBSPOT_DEFINED");
                ut.put("typeId", AssociationTypes.unlabeled(from, to));
                ut.putNull("label");
                count++;
            }
            if (next != null) {
                res.putObject("paging").putObject("next").put("after", encodeCursor(next));
            }
            results.add(res);
        }
        ObjectNode out = J.objectNode();
        out.put("status", "COMPLETE");
        out.set("results", results);
        if (!errors.isEmpty()) {
            out.put("numErrors", errors.size());
            out.set("errors", errors);
        }
        out.put("startedAt", iso(started));
        out.put("completedAt", iso(Instant.now()));
        return Reply.json(errors.isEmpty() ? 200 : 207, out);
    }

    // ================================================================ helpers

    /**
     * HubSpot's error body: {@code {"status": "error", "message", "correlationId", "category"}} (official spec's
     * Error schema requires category, correlationId, message; the observed bodies, e.g. in hubspot-api-python
     * issue 143, begin with "status":"error").
     */
    static ObjectNode error(long n, String category, String message) {
        ObjectNode e = J.objectNode();
        e.put("status", "error");
        e.put("message", message);
        e.put("correlationId", correlationId(n));
        e.put("category", category);
        return e;
    }

    static String correlationId(long n) {
        return UUID.nameUUIDFromBytes(("correlation-" + n).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** ISO 8601 UTC with milliseconds, HubSpot's timestamp format ({@code 2024-01-17T19:55:04.281Z}). */
    public static String iso(Instant t) {
        return ISO.format(t);
    }

    static String encodeCursor(long id) {
        return Base64.getEncoder().encodeToString(Long.toString(id).getBytes(StandardCharsets.US_ASCII));
    }

    static Long decodeCursor(String cursor) {
        try {
            return Long.parseLong(new String(Base64.getDecoder().decode(cursor), StandardCharsets.US_ASCII).trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void sleep(Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    private static Map<String, String> parseForm(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        parseQuery(body).forEach((k, v) -> out.put(k, v.get(0)));
        return out;
    }

    private static String first(Map<String, List<String>> q, String name) {
        List<String> v = q.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static int intParam(Map<String, List<String>> q, String name, int dflt) {
        String v = first(q, name);
        return v == null || v.isEmpty() ? dflt : Integer.parseInt(v.trim());
    }

    /** A list parameter given comma-separated, repeated, or both; null when absent. */
    private static List<String> listParam(Map<String, List<String>> q, String name) {
        List<String> v = q.get(name);
        if (v == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (String s : v) {
            for (String part : s.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }
}
