package dev.caravan.source.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpHeaders;

/** A successful answer: status, headers and the parsed JSON body (read within the size cap). */
public record ApiResponse(int status, URI uri, HttpHeaders headers, JsonNode body) {
}
