package dev.caravan.source.http;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code type: login}: logs in for a token. POSTs the {@code form:} fields, form-encoded, to
 * {@code url} (absolute, or a path on the base URL; Ender Turing: /api/v1/login/access-token with
 * username and password) and sends {@code Authorization: <type> <token>}, the token at
 * {@code token_path} (/access_token) and the scheme at {@code type_path} (/token_type; Bearer when
 * absent). The token is cached until {@code refresh_before} (60 s) ahead of {@code expires_in_path}
 * (/expires_in, seconds; until a 401 when absent); a 401 makes it log in again once.
 * A form value is a {@code ${ENV}} reference or a plain value (a fixed field such as a grant type).
 */
final class LoginAuth extends CachedTokenAuth {

    private final String url;
    private final Map<String, String> form = new LinkedHashMap<>();
    private final JsonPointer tokenPath;
    private final JsonPointer typePath;
    private final JsonPointer expiresInPath;

    LoginAuth(StrategyOptions o) {
        super(o.duration("refresh_before", Duration.ofSeconds(60)));
        this.url = o.required("url");
        StrategyOptions f = o.child("form");
        for (String name : f.names()) {
            String v = f.string(name, null);
            if (v == null || v.isBlank()) {
                f.problem(name + " needs a value (a ${ENV_VAR} reference or a plain value)");
            } else if (v.contains("${") && !Secrets.isReference(v)) {
                f.problem(name + " must be one whole ${ENV_VAR} reference or a plain value, got '" + v + "'");
            } else {
                form.put(name, v);
            }
        }
        if (form.isEmpty()) {
            o.problem("form must list the login fields (e.g. username: \"${USER}\", password: \"${PASSWORD}\")");
        }
        this.tokenPath = o.pointer("token_path", "/access_token");
        this.typePath = o.pointer("type_path", "/token_type");
        this.expiresInPath = o.pointer("expires_in_path", "/expires_in");
    }

    @Override
    public List<String> secretReferences() {
        List<String> out = new ArrayList<>();
        form.values().stream().filter(Secrets::isReference).forEach(out::add);
        return out;
    }

    @Override
    String obtain(Context context) throws IOException {
        Secrets secrets = context.secrets();
        Map<String, String> fields = new LinkedHashMap<>();
        form.forEach((k, v) -> fields.put(k, Secrets.isReference(v) ? secrets.resolve(v) : v));
        long asked = context.ticker().nanos();
        JsonNode answer;
        try {
            answer = context.postForm(TokenCache.endpoint(context.baseUrl(), url), fields);
        } catch (ApiErrorException e) {
            // the message is already masked; say which variables to check, never their values
            throw new ApiErrorException(e.status(), "login refused (check " + variables() + "): " + e.getMessage());
        }
        JsonNode token = answer.at(tokenPath);
        if (!token.isTextual() || token.asText().isBlank()) {
            throw new IOException("login answered without a token at " + tokenPath);
        }
        JsonNode type = answer.at(typePath);
        String scheme = type.isTextual() && !type.asText().isBlank() ? type.asText() : "Bearer";
        if (scheme.equalsIgnoreCase("bearer")) {
            scheme = "Bearer";
        }
        return cache.store(secrets, scheme, token.asText(), asked, answer.at(expiresInPath).asLong(0));
    }

    private String variables() {
        return String.join(", ", secretReferences().stream().map(Secrets::variable).toList());
    }
}
