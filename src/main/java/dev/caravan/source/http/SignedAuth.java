package dev.caravan.source.http;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/** {@code type: signed}: each request is signed by the {@link RequestSigner} named by {@code signer:}. */
final class SignedAuth implements Authenticator {

    /** Signer name → class. Add a vendor's signer here, and document it in docs/sources/http-engine.md. */
    static final Map<String, Function<StrategyOptions, RequestSigner>> SIGNERS = Map.of(
            "hmac_sha256", HmacSha256Signer::new,
            "marketsharp", MarketSharpSigner::new);

    private final RequestSigner signer;

    SignedAuth(StrategyOptions o) {
        String name = o.required("signer");
        Function<StrategyOptions, RequestSigner> factory = name == null ? null : SIGNERS.get(name);
        if (name != null && factory == null) {
            o.problem("unknown signer '" + name + "'; valid signers: " + String.join(", ", new TreeSet<>(SIGNERS.keySet())));
        }
        this.signer = factory == null ? null : factory.apply(o);
    }

    @Override
    public List<String> secretReferences() {
        return signer == null ? List.of() : signer.secretReferences();
    }

    @Override
    public void apply(RequestSpec request, Context context) throws IOException {
        signer.sign(request, context);
    }
}
