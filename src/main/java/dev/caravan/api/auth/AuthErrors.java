package dev.caravan.api.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** JSON bodies for 401 (with {@code WWW-Authenticate: Bearer}) and 403 on the REST API. */
public class AuthErrors {

    @ServerExceptionMapper(AuthenticationFailedException.class)
    public Response badCredentials(AuthenticationFailedException e) {
        return unauthorized("invalid bearer token");
    }

    @ServerExceptionMapper(UnauthorizedException.class)
    public Response noCredentials(UnauthorizedException e) {
        return unauthorized("authentication required: send Authorization: Bearer TOKEN");
    }

    @ServerExceptionMapper(ForbiddenException.class)
    public Response forbidden(ForbiddenException e) {
        return Response.status(Response.Status.FORBIDDEN).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", "forbidden: this needs the operator role")).build();
    }

    private static Response unauthorized(String message) {
        return Response.status(Response.Status.UNAUTHORIZED).type(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.WWW_AUTHENTICATE, BearerTokenMechanism.CHALLENGE)
                .entity(Map.of("error", message)).build();
    }
}
