package dev.caravan.testing.hubspot;

import java.time.Instant;

/**
 * One request the fake received, for tests to inspect.
 *
 * @param seq 1-based arrival number across all endpoints (what {@link Faults#failRequest} counts)
 * @param at arrival time
 * @param method HTTP method
 * @param path raw path
 * @param query raw query string, or null
 * @param endpoint canonical endpoint key, e.g. {@code GET /crm/v3/objects/contacts}; see {@link FakeHubSpot#list}
 * @param token bearer token sent, or null
 * @param status status answered; -1 when the connection was cut mid-response
 * @param body request body as received (search and association inputs, token forms), or null
 */
public record RequestRecord(long seq, Instant at, String method, String path, String query, String endpoint,
        String token, int status, String body) {
}
