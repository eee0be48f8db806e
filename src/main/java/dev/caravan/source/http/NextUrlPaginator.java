package dev.caravan.source.http;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code type: next_url}: the next page's URL is in the body at {@code next_url_path} or, without it,
 * in the RFC 8288 {@code Link} header with {@code rel="next"}. A relative URL is resolved against the
 * page's; a URL on another scheme, host or port than the connection's base URL is refused, so
 * credentials never travel to a host the definition did not name. An optional {@code limit} is sent
 * on the first request only (next links carry their own).
 */
final class NextUrlPaginator implements Paginator {

    private static final Pattern LINK = Pattern.compile("<([^>]*)>((?:\\s*;\\s*[^;,]+)*)");
    private static final Pattern REL = Pattern.compile("(?i)rel\\s*=\\s*\"?([^\";]+)\"?");

    private final JsonPointer nextUrlPath;
    private final int limit;
    private final String limitParam;
    private final boolean resumable;

    NextUrlPaginator(StrategyOptions o) {
        this.nextUrlPath = o.has("next_url_path") ? o.pointer("next_url_path", null) : null;
        this.limit = o.integer("limit", 0, 1);
        this.limitParam = o.string("limit_param", "limit");
        this.resumable = o.bool("resumable", true);
    }

    /** {@code resumable: false} when the API's next links expire: a killed full read then starts over. */
    @Override
    public boolean resumable() {
        return resumable;
    }

    @Override
    public void position(RequestSpec request, PageToken token) {
        if (token == null) {
            if (limit > 0) {
                request.query(limitParam, Integer.toString(limit));
            }
            return;
        }
        request.absolute(URI.create(token.get("url")));
    }

    @Override
    public PageToken next(PageToken current, ApiResponse response, List<JsonNode> records) {
        String link = nextUrlPath != null ? text(response.body().at(nextUrlPath)) : linkHeader(response.headers().allValues("Link"));
        if (link == null || link.isBlank()) {
            return null;
        }
        URI next = response.uri().resolve(link.trim());
        URI page = response.uri();
        if (!sameOrigin(next, page)) {
            throw new IllegalStateException("next page URL points to another host (" + next.getScheme() + "://" + next.getHost()
                    + "), refused");
        }
        if (current != null && next.toString().equals(current.get("url"))) {
            throw new IllegalStateException("the API returned the same next URL again; stopping instead of looping");
        }
        return PageToken.of("url", next.toString());
    }

    private static String text(JsonNode v) {
        return v.isMissingNode() || v.isNull() || !v.isValueNode() ? null : v.asText();
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    private static int port(URI u) {
        return u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    /** The target of the first link whose rel names "next" (RFC 8288: rel may list several types). */
    static String linkHeader(List<String> values) {
        for (String header : values) {
            Matcher m = LINK.matcher(header);
            while (m.find()) {
                Matcher rel = REL.matcher(m.group(2));
                while (rel.find()) {
                    for (String r : rel.group(1).trim().split("\\s+")) {
                        if (r.equalsIgnoreCase("next")) {
                            return m.group(1);
                        }
                    }
                }
            }
        }
        return null;
    }
}
