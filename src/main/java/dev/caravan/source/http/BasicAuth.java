package dev.caravan.source.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * {@code type: basic}: HTTP Basic. {@code username:} may be a plain word (LeadConduit's is
 * {@code API}) or a {@code ${ENV}} reference; {@code password:} must be a reference.
 */
final class BasicAuth implements Authenticator {

    private final String username;
    private final String password;

    BasicAuth(StrategyOptions o) {
        this.username = o.required("username");
        this.password = o.secret("password");
    }

    @Override
    public List<String> secretReferences() {
        List<String> refs = new ArrayList<>();
        if (Secrets.isReference(username)) {
            refs.add(username);
        }
        refs.add(password);
        return refs;
    }

    @Override
    public void apply(RequestSpec request, Context context) {
        String user = Secrets.isReference(username) ? context.secrets().resolve(username) : username;
        String pair = user + ":" + context.secrets().resolve(password);
        context.secrets().remember(Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }
}
