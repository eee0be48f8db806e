package dev.caravan.api.auth;

import dev.caravan.config.CaravanConfig;
import dev.caravan.config.HttpHostDefault;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The API's credentials, read from CARAVAN_API_TOKENS at start: a malformed value stops the
 * application with a message naming the bad entry (never the token). Without any token the
 * service is in local mode: HTTP listens on 127.0.0.1 (see {@code config/HttpHostDefault}) and
 * requests from loopback act as operator.
 */
@Startup
@ApplicationScoped
public class ApiCredentials {

    private static final Logger LOG = Logger.getLogger(ApiCredentials.class);

    private final ApiTokens tokens;

    @Inject
    public ApiCredentials(CaravanConfig config, @ConfigProperty(name = "quarkus.http.host") String host,
            @ConfigProperty(name = "quarkus.http.host-enabled", defaultValue = "true") boolean httpEnabled) {
        try {
            this.tokens = ApiTokens.parse(config.api().tokens().orElse(null));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("CARAVAN_API_TOKENS is malformed: " + e.getMessage()
                    + "; expected comma-separated role:token or role:sha256:HEX pairs", e);
        }
        if (!httpEnabled) {
            return; // one-shot command: no HTTP listener
        }
        if (tokens.isEmpty()) {
            LOG.warnf("No API credentials (CARAVAN_API_TOKENS is not set): HTTP listens on %s; only requests from"
                    + " loopback are served, as operator.%s", host,
                    HttpHostDefault.isLoopback(host) ? "" : " Set CARAVAN_API_TOKENS before exposing the port.");
        } else {
            LOG.infof("API authentication: bearer tokens (%d operator, %d viewer); HTTP listens on %s",
                    tokens.count(Role.OPERATOR), tokens.count(Role.VIEWER), host);
        }
    }

    public ApiTokens tokens() {
        return tokens;
    }

    /** No token configured: loopback requests act as operator. */
    public boolean localMode() {
        return tokens.isEmpty();
    }
}
