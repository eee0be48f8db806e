package dev.caravan.source.http;

import java.util.List;

/** {@code type: bearer}: {@code Authorization: Bearer <token>}, the token from {@code token: ${ENV}}. */
final class BearerAuth implements Authenticator {

    private final String token;

    BearerAuth(StrategyOptions o) {
        this.token = o.secret("token");
    }

    @Override
    public List<String> secretReferences() {
        return List.of(token);
    }

    @Override
    public void apply(RequestSpec request, Context context) {
        request.header("Authorization", "Bearer " + context.secrets().resolve(token));
    }
}
