package dev.caravan.source.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request being put together: the resource gives method, path, query and body; the paginator
 * adds its position; the authenticator adds credentials last (it may sign what the others wrote).
 * Either a JSON body or a form body, not both.
 */
public final class RequestSpec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private String method;
    private URI base;
    private String path;
    private URI absolute;
    private final Map<String, String> query = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private ObjectNode json;
    private Map<String, String> form;

    public RequestSpec(String method, URI base, String path) {
        this.method = method;
        this.base = base;
        this.path = path;
    }

    public RequestSpec copy() {
        RequestSpec c = new RequestSpec(method, base, path);
        c.absolute = absolute;
        c.query.putAll(query);
        c.headers.putAll(headers);
        c.json = json == null ? null : json.deepCopy();
        c.form = form == null ? null : new LinkedHashMap<>(form);
        return c;
    }

    public String method() {
        return method;
    }

    public URI base() {
        return base;
    }

    public Map<String, String> query() {
        return query;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public RequestSpec query(String name, String value) {
        query.put(name, value);
        return this;
    }

    public RequestSpec header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** The JSON body, created on first use. */
    public ObjectNode json() {
        if (json == null) {
            json = JSON.createObjectNode();
        }
        return json;
    }

    public boolean hasJson() {
        return json != null;
    }

    public RequestSpec form(Map<String, String> fields) {
        this.form = new LinkedHashMap<>(fields);
        return this;
    }

    /**
     * Replaces path and query with a URL the API gave (a next link). Its query is kept as sent;
     * parameters added afterwards are appended.
     */
    public RequestSpec absolute(URI uri) {
        this.absolute = uri;
        this.query.clear();
        return this;
    }

    public URI uri() {
        String q = encodeQuery(query);
        if (absolute != null) {
            String s = absolute.toString();
            return URI.create(q.isEmpty() ? s : s + (s.contains("?") ? "&" : "?") + q);
        }
        String b = base.toString();
        String joined = (b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + (path.startsWith("/") ? path : "/" + path);
        return URI.create(q.isEmpty() ? joined : joined + "?" + q);
    }

    public byte[] body() {
        try {
            if (form != null) {
                return encodeQuery(form).getBytes(StandardCharsets.UTF_8);
            }
            return json == null ? new byte[0] : JSON.writeValueAsBytes(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write request body", e);
        }
    }

    public String contentType() {
        return form != null ? "application/x-www-form-urlencoded" : json != null ? "application/json" : null;
    }

    static String encodeQuery(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        params.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return sb.toString();
    }
}
