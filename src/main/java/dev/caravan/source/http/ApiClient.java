package dev.caravan.source.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.jboss.logging.Logger;

/**
 * Sends a connection's requests on the JDK's {@link HttpClient}: paced by the client-side rate
 * limiters, authenticated, retried for what another try can cure, and answered within a size cap.
 * <ul>
 * <li>429: waits {@code Retry-After} (seconds or an HTTP date) when given, else backs off;</li>
 * <li>5xx (but 501, 505), connection resets and timeouts: backs off exponentially with jitter;</li>
 * <li>401 with a refresh-capable authenticator: refreshes once and tries again at once;</li>
 * <li>any other status: {@link ApiErrorException} with the API's own message;</li>
 * <li>all within the connection's retry budget, then {@link ApiUnavailableException}.</li>
 * </ul>
 * Every message and log line passes through {@link Secrets#mask}: tokens never reach them.
 */
public final class ApiClient implements Authenticator.Context {

    private static final Logger LOG = Logger.getLogger(ApiClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ERROR_BODY_CAP = 64 * 1024;

    private final HttpConnection connection;
    private final Secrets secrets;
    private final Authenticator auth;
    private final Ticker ticker;
    private final DoubleSupplier random;
    private final HttpClient http;
    private final Map<String, RateLimiter> limiters = new LinkedHashMap<>();
    private volatile long throttled;

    public ApiClient(HttpConnection connection, Map<String, String> env) {
        this(connection, env, Ticker.SYSTEM, () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * @throws HttpSourceNotConfiguredException when no auth alternative has all its variables set
     */
    public ApiClient(HttpConnection connection, Map<String, String> env, Ticker ticker, DoubleSupplier random) {
        this.connection = connection;
        this.secrets = new Secrets(env);
        this.auth = AuthTypes.select(connection.system(), connection.auth(), secrets);
        this.ticker = ticker;
        this.random = random;
        this.http = HttpClient.newBuilder().connectTimeout(connection.connectTimeout()).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        connection.rateLimits().forEach((bucket, limit) -> limiters.put(bucket, new RateLimiter(limit.requests(),
                limit.per().plus(limit.guard()), ticker)));
    }

    public HttpConnection connection() {
        return connection;
    }

    /** The limiter of a bucket, or null when the connection sets none. */
    RateLimiter limiter(String bucket) {
        return limiters.get(bucket);
    }

    /** A request on this connection's base URL. */
    public RequestSpec request(String method, String path) {
        return new RequestSpec(method, connection.baseUrl(), path);
    }

    /** Sends the request (a copy of it per try), counting it in {@code default} and in {@code bucket}. */
    public ApiResponse send(RequestSpec template, String bucket) {
        long started = ticker.nanos();
        int retries = 0;
        boolean refreshed = false;
        while (true) {
            RequestSpec r = template.copy();
            String what = connection.system() + ": " + r.method() + " " + secrets.mask(safeUri(r));
            Duration wait;
            String reason;
            long[][] slots = null;
            try {
                slots = pace(bucket);
                auth.apply(r, this);
                what = connection.system() + ": " + r.method() + " " + secrets.mask(r.uri().toString());
                HttpResponse<byte[]> response;
                try {
                    response = exchange(r, what);
                } finally {
                    paced(bucket, slots);
                }
                adapt(bucket, response.headers());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return new ApiResponse(status, response.uri(), response.headers(), parse(response.body(), what));
                }
                String message = errorMessage(response.body());
                if (status == 401 && auth.canRefresh() && !refreshed) {
                    refreshed = true;
                    auth.invalidate();
                    LOG.infof("%s answered 401; refreshing the access token once", what);
                    continue;
                }
                if (status == 429) {
                    retries++;
                    throttled++;
                    slowDown();
                    wait = retryAfter(response.headers()).orElse(backoff(retries));
                    reason = "429 rate limited";
                } else if (status >= 500 && status != 501 && status != 505) {
                    retries++;
                    if (status == 503) {
                        throttled++; // "Server Too Busy" (MarketSharp), "Service Unavailable": the server sheds load
                        slowDown();
                    }
                    wait = status == 503 ? retryAfter(response.headers()).orElse(backoff(retries)) : backoff(retries);
                    reason = "HTTP " + status;
                } else {
                    throw new ApiErrorException(status, what + " failed: HTTP " + status + ": " + secrets.mask(message));
                }
            } catch (IOException e) {
                retries++;
                wait = backoff(retries);
                reason = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + firstLine(secrets.mask(e.getMessage())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiUnavailableException(what + ": interrupted", e);
            }
            Duration elapsed = Duration.ofNanos(ticker.nanos() - started);
            if (elapsed.plus(wait).compareTo(connection.retry().budget()) > 0) {
                throw new ApiUnavailableException(what + ": gave up after " + retries + " retries in " + elapsed.toSeconds()
                        + " s (retry budget " + connection.retry().budget().toSeconds() + " s); last: " + reason, null);
            }
            LOG.warnf("%s: %s; retry %d in %d ms (%d ms spent)", what, reason, retries, wait.toMillis(), elapsed.toMillis());
            sleep(wait, what);
        }
    }

    /** Answers 429 and 503 this client has had, over its life. */
    public long throttled() {
        return throttled;
    }

    /** A throttling answer: the general limiter halves its pace for a while (see {@link RateLimiter#slowDown}). */
    private void slowDown() {
        RateLimiter general = limiters.get(HttpConnection.DEFAULT_BUCKET);
        if (general != null && general.slowDown()) {
            LOG.warnf("%s: the API is throttling; pacing requests at %d per %d ms for a while", connection.system(),
                    general.requests(), general.window().toMillis());
        }
    }

    /** Waits for the bucket's limiters; the slots are handed back to {@link #paced} once the answer came. */
    private long[][] pace(String bucket) throws InterruptedException {
        RateLimiter general = limiters.get(HttpConnection.DEFAULT_BUCKET);
        long[] g = general == null ? null : general.acquire();
        RateLimiter own = bucket == null || bucket.equals(HttpConnection.DEFAULT_BUCKET) ? null : limiters.get(bucket);
        long[] o = own == null ? null : own.acquire();
        return new long[][] {g, o};
    }

    private void paced(String bucket, long[][] slots) {
        if (slots == null) {
            return;
        }
        RateLimiter general = limiters.get(HttpConnection.DEFAULT_BUCKET);
        if (general != null) {
            general.done(slots[0]);
        }
        RateLimiter own = bucket == null || bucket.equals(HttpConnection.DEFAULT_BUCKET) ? null : limiters.get(bucket);
        if (own != null) {
            own.done(slots[1]);
        }
    }

    private void adapt(String bucket, HttpHeaders headers) {
        HttpConnection.RateLimitHeaders names = connection.rateLimitHeaders();
        long max = number(headers, names.max());
        long remaining = number(headers, names.remaining());
        long interval = number(headers, names.intervalMillis());
        if (names.usedOfMax() != null) {
            long[] usedOfMax = usedOfMax(headers.firstValue(names.usedOfMax()).orElse(null));
            if (usedOfMax != null) {
                max = usedOfMax[1];
                remaining = Math.max(0, usedOfMax[1] - usedOfMax[0]);
            }
        }
        if (max < 0 && remaining < 0) {
            return;
        }
        // the server's headers describe its general limit
        RateLimiter general = limiters.get(HttpConnection.DEFAULT_BUCKET);
        if (general != null) {
            general.adapt(max, remaining, interval);
        }
    }

    /** "32/40" → {32, 40}; null when absent or not of that form. */
    static long[] usedOfMax(String value) {
        if (value == null) {
            return null;
        }
        String[] parts = value.trim().split("\\s*/\\s*");
        try {
            if (parts.length == 2) {
                long used = Long.parseLong(parts[0]);
                long max = Long.parseLong(parts[1]);
                return used >= 0 && max > 0 ? new long[] {used, max} : null;
            }
        } catch (NumberFormatException e) {
            // not of the form: ignored
        }
        return null;
    }

    private static long number(HttpHeaders headers, String name) {
        if (name == null) {
            return -1;
        }
        Optional<String> v = headers.firstValue(name);
        try {
            return v.map(s -> Long.parseLong(s.trim())).orElse(-1L);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private HttpRequest build(RequestSpec r) {
        byte[] body = r.body();
        HttpRequest.Builder b = HttpRequest.newBuilder(r.uri()).timeout(connection.requestTimeout())
                .method(r.method(), body.length == 0 && !"POST".equals(r.method()) ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json");
        headers.putAll(connection.headers());
        headers.putAll(r.headers());
        if (r.contentType() != null) {
            headers.put("Content-Type", r.contentType());
        }
        headers.forEach(b::header);
        return b.build();
    }

    /** A 2xx body in the connection's format: JSON, or an Atom feed's JSON view ({@link AtomFeed}). */
    private JsonNode parse(byte[] body, String what) {
        if (connection.format() == HttpConnection.Format.ATOM) {
            try {
                return AtomFeed.parse(body, what);
            } catch (BadResponseException e) {
                throw new BadResponseException(secrets.mask(e.getMessage()));
            }
        }
        return parseJson(body, what);
    }

    private JsonNode parseJson(byte[] body, String what) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || n.isMissingNode()) {
                throw new BadResponseException(what + ": empty response body where JSON was expected");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new BadResponseException(what + ": response is not valid JSON (" + secrets.mask(firstLine(e.getOriginalMessage())) + ")");
        } catch (IOException e) {
            throw new BadResponseException(what + ": cannot read response: " + secrets.mask(firstLine(e.getMessage())));
        }
    }

    /**
     * The API's own message from an error body: message, error_description, error, errors[0].message,
     * detail; an XML body's {@code <error><message>} (OData); else the text.
     */
    static String errorMessage(byte[] body) {
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        try {
            JsonNode n = JSON.readTree(body);
            if (n != null && n.isObject()) {
                for (String p : new String[] {"/message", "/error_description", "/error/message", "/error", "/errors",
                        "/errors/0/message", "/errors/0/detail", "/detail", "/title"}) {
                    JsonNode v = n.at(p);
                    if (v.isObject() && p.equals("/errors") && v.size() > 0) {
                        v = v.elements().next(); // Shopify: {"errors": {"updated_at_min": "… cannot be passed …"}}
                    }
                    if (v.isTextual() && !v.asText().isBlank()) {
                        String correlation = n.path("correlationId").asText("");
                        return excerpt(v.asText()) + (correlation.isEmpty() ? "" : " (correlationId " + excerpt(correlation) + ")");
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: an OData XML error's <message>, else the text itself
        }
        if (text.stripLeading().startsWith("<")) {
            String xml = AtomFeed.errorMessage(body);
            if (xml != null) {
                return excerpt(xml);
            }
        }
        return text.isBlank() ? "(no message)" : excerpt(text);
    }

    private static String excerpt(String s) {
        String flat = s.replaceAll("[\\p{Cntrl}&&[^\t]]+", " ").strip();
        return flat.length() > 500 ? flat.substring(0, 500) + "…" : flat;
    }

    /**
     * One exchange, headers and body, within the request timeout: the client's own timeout covers
     * the wait for the headers only, so a body that stalls mid-stream would otherwise hold the run
     * forever. Past the deadline the exchange is cancelled and the request retried like a reset
     * connection. The body is capped while it arrives ({@link CappedBody}).
     */
    private HttpResponse<byte[]> exchange(RequestSpec r, String what) throws IOException, InterruptedException {
        java.util.concurrent.CompletableFuture<HttpResponse<byte[]>> f = http.sendAsync(build(r),
                CappedBody.handler(connection.maxResponseBytes(), ERROR_BODY_CAP, what));
        try {
            return f.get(connection.requestTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            f.cancel(true);
            throw new java.net.http.HttpTimeoutException("no complete answer within the request timeout ("
                    + connection.requestTimeout().toMillis() + " ms)");
        } catch (InterruptedException e) {
            f.cancel(true);
            throw e;
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(cause);
        }
    }

    private static byte[] readPrefix(InputStream in) throws IOException {
        try (in) {
            return in.readNBytes(ERROR_BODY_CAP);
        }
    }

    private Optional<Duration> retryAfter(HttpHeaders headers) {
        Optional<String> v = headers.firstValue("Retry-After");
        if (v.isEmpty()) {
            return Optional.empty();
        }
        String s = v.get().trim();
        try {
            return Optional.of(Duration.ofMillis(Math.max(0, (long) (Double.parseDouble(s) * 1000))));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(ticker.now(), at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
    }

    /** first × multiplier^(retry−1), capped at the maximum, jittered down by up to half, never below the first delay. */
    Duration backoff(int retry) {
        HttpConnection.Retry p = connection.retry();
        double step = p.firstDelay().toMillis() * Math.pow(p.multiplier(), Math.max(0, retry - 1));
        double capped = Math.min(step, p.maxDelay().toMillis());
        double jittered = capped * (1.0 - 0.5 * random.getAsDouble());
        return Duration.ofMillis((long) Math.max(p.firstDelay().toMillis(), jittered));
    }

    private void sleep(Duration wait, String what) {
        try {
            ticker.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiUnavailableException(what + ": interrupted", e);
        }
    }

    private static String safeUri(RequestSpec r) {
        try {
            return r.uri().toString();
        } catch (RuntimeException e) {
            return "(bad URL)";
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    // Authenticator.Context

    @Override
    public Secrets secrets() {
        return secrets;
    }

    @Override
    public URI baseUrl() {
        return connection.baseUrl();
    }

    @Override
    public Ticker ticker() {
        return ticker;
    }

    @Override
    public JsonNode postForm(URI url, Map<String, String> form) throws IOException {
        String what = connection.system() + ": POST " + secrets.mask(url.toString());
        RequestSpec r = new RequestSpec("POST", url, "").form(form).absolute(url);
        try {
            HttpResponse<InputStream> response = http.send(build(r), HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return parseJson(BoundedBody.read(response.body(), OptionalLong.empty(), connection.maxResponseBytes(), what), what);
            }
            String message = secrets.mask(errorMessage(readPrefix(response.body())));
            if (status >= 500 || status == 429) {
                throw new IOException("token endpoint answered HTTP " + status + ": " + message);
            }
            throw new ApiErrorException(status, what + " (token refresh) failed: HTTP " + status + ": " + message);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
