package dev.caravan.source.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads and validates a system's {@code connection.yaml} (see {@link HttpDefinitions#connection}). */
final class ConnectionDefinitions {

    private ConnectionDefinitions() {
    }

    /**
     * A system's connection. The base URL is {@code <SYSTEM>_BASE_URL} when set, else {@code base_url};
     * secrets are checked to be {@code ${ENV}} references (resolved later, on use).
     */
    static HttpConnection connection(String system, JsonNode node, Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        String unset = null;
        StrategyOptions o = new StrategyOptions("connection " + system, node, problems);
        String declared = o.string("system", system);
        if (!system.equals(declared)) {
            o.problem("system is '" + declared + "' but the file belongs to '" + system + "'");
        }
        String overrideVar = system.toUpperCase(Locale.ROOT) + "_BASE_URL";
        String base = env.get(overrideVar);
        List<String> alternatives = o.strings("base_url");
        if (alternatives.isEmpty()) {
            o.problem("base_url is required (a URL, or a list of URL templates with ${VARIABLE} parts)");
        }
        URI baseUrl = null;
        if (base != null && !base.isBlank()) {
            baseUrl = baseUrl(o, overrideVar, base.trim());
        } else if (!alternatives.isEmpty()) {
            BaseUrlTemplates.Choice chosen = BaseUrlTemplates.choose(alternatives, env, o);
            if (chosen != null && chosen.url() != null) {
                baseUrl = baseUrl(o, chosen.from(), chosen.url());
            } else if (chosen != null) {
                unset = chosen.needed().equals(overrideVar) ? overrideVar : chosen.needed() + " (or " + overrideVar + ")";
            }
        }
        Map<String, String> headers = HttpDefinitions.stringMap(o.child("headers"));
        List<Authenticator> auth = new ArrayList<>();
        JsonNode authNode = o.node("auth");
        if (authNode == null) {
            o.problem("auth is required (a map with type: " + AuthTypes.valid() + ", or a list of such alternatives)");
        } else if (authNode.isArray()) {
            for (int i = 0; i < authNode.size(); i++) {
                addIfBuilt(auth, AuthTypes.parse(new StrategyOptions(o.where() + ".auth[" + i + "]", authNode.get(i), problems)));
            }
            if (authNode.isEmpty()) {
                o.problem("auth lists no alternative");
            }
        } else {
            addIfBuilt(auth, AuthTypes.parse(o.child("auth")));
        }
        Paginator paginator = o.has("paginator") ? PaginatorTypes.parse(o.child("paginator")) : PaginatorTypes.SINGLE_PAGE;
        Map<String, HttpConnection.RateLimit> limits = new LinkedHashMap<>();
        StrategyOptions rl = o.child("rate_limits");
        JsonNode rlNode = o.node("rate_limits");
        if (rlNode != null && rlNode.isObject()) {
            rlNode.fieldNames().forEachRemaining(bucket -> {
                StrategyOptions b = rl.child(bucket);
                int requests = b.integer("requests", 1, 1);
                if (!b.has("requests")) {
                    b.problem("requests is required");
                }
                Duration per = b.duration("per", Duration.ofSeconds(1));
                if (per.isZero()) {
                    b.problem("per must be longer than zero");
                }
                Duration guard = b.duration("guard", Duration.ZERO);
                b.rejectUnknown();
                limits.put(bucket, new HttpConnection.RateLimit(requests, per, guard));
            });
        }
        rl.rejectUnknown();
        StrategyOptions h = o.child("rate_limit_headers");
        HttpConnection.RateLimitHeaders rateHeaders = new HttpConnection.RateLimitHeaders(h.string("max", null),
                h.string("remaining", null), h.string("interval_ms", null), h.string("used_of_max", null));
        h.rejectUnknown();
        StrategyOptions r = o.child("retry");
        Duration first = r.duration("first_delay", Duration.ofSeconds(1));
        Duration max = r.duration("max_delay", Duration.ofSeconds(60));
        HttpConnection.Retry retry = new HttpConnection.Retry(r.duration("budget", Duration.ofMinutes(5)), first, max,
                r.decimal("multiplier", 2.0));
        if (first.isZero() || max.compareTo(first) < 0 || retry.multiplier() < 1.0) {
            r.problem("needs 0 < first_delay <= max_delay and multiplier >= 1");
        }
        r.rejectUnknown();
        StrategyOptions t = o.child("timeouts");
        Duration connect = t.duration("connect", Duration.ofSeconds(10));
        Duration request = t.duration("request", Duration.ofSeconds(60));
        if (connect.isZero() || request.isZero()) {
            t.problem("timeouts must be longer than zero");
        }
        t.rejectUnknown();
        long maxBytes = o.integer("max_response_bytes", 16 * 1024 * 1024, 1024);
        HttpConnection.Format format = HttpConnection.Format.valueOf(
                o.oneOf("format", "json", HttpConnection.Format.NAMES).toUpperCase(Locale.ROOT));
        o.rejectUnknown();
        if (!problems.isEmpty()) {
            throw new HttpDefinitionException("connection " + system, problems);
        }
        if (unset != null) {
            String credentials = "";
            try {
                AuthTypes.select(system, auth, new Secrets(env));
            } catch (HttpSourceNotConfiguredException e) {
                credentials = ", and " + e.getMessage().replaceFirst("^.* is not configured: set ", "");
            }
            throw new HttpSourceNotConfiguredException(system + " is not configured: set " + unset + credentials);
        }
        return new HttpConnection(system, baseUrl, headers, auth, paginator, limits, rateHeaders, retry, connect, request, maxBytes,
                format);
    }

    private static void addIfBuilt(List<Authenticator> auth, Authenticator a) {
        if (a != null) {
            auth.add(a);
        }
    }

    private static URI baseUrl(StrategyOptions o, String key, String value) {
        if (value == null) {
            return null;
        }
        try {
            URI u = new URI(value);
            if (u.getScheme() == null || !(u.getScheme().equals("https") || u.getScheme().equals("http")) || u.getHost() == null
                    || u.getRawQuery() != null || u.getRawFragment() != null || u.getRawUserInfo() != null) {
                o.problem(key + " must be an http(s) URL with a host and no query, fragment or credentials, got '" + value + "'");
                return null;
            }
            return u;
        } catch (URISyntaxException e) {
            o.problem(key + " is not a URL: '" + value + "'");
            return null;
        }
    }
}
