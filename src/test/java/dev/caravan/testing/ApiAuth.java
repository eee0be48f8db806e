package dev.caravan.testing;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;

/** The API tokens configured for tests in application.properties (%test.caravan.api.tokens). */
public final class ApiAuth {

    public static final String OPERATOR = "test-operator-token";
    public static final String VIEWER = "test-viewer-token";
    /** Configured as viewer:sha256:HEX, not in clear. */
    public static final String HASHED_VIEWER = "test-hashed-viewer-token";

    private ApiAuth() {
    }

    public static RequestSpecification asOperator() {
        return given().auth().oauth2(OPERATOR);
    }

    public static RequestSpecification asViewer() {
        return given().auth().oauth2(VIEWER);
    }
}
