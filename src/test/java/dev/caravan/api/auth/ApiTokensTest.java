package dev.caravan.api.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Parsing CARAVAN_API_TOKENS and matching presented tokens (plain JUnit). */
class ApiTokensTest {

    static String hex(String token) {
        return HexFormat.of().formatHex(ApiTokens.sha256(token));
    }

    @Test
    void clearAndHashedTokensMatchTheirRole() {
        ApiTokens tokens = ApiTokens.parse(" operator:op-secret , viewer:sha256:" + hex("view-secret").toUpperCase() + ",");
        assertEquals(Role.OPERATOR, tokens.match("op-secret").orElseThrow().role());
        assertEquals(Role.VIEWER, tokens.match("view-secret").orElseThrow().role());
        assertEquals("viewer-token-2", tokens.match("view-secret").orElseThrow().principal());
        assertTrue(tokens.match("op-secret ").isEmpty());
        assertTrue(tokens.match("sha256:" + hex("view-secret")).isEmpty(), "the hash itself is no credential");
        assertTrue(tokens.match("").isEmpty());
        assertTrue(tokens.match(null).isEmpty());
        assertEquals(1, tokens.count(Role.OPERATOR));
    }

    @Test
    void aTokenListedForBothRolesGrantsTheHigher() {
        assertEquals(Role.OPERATOR, ApiTokens.parse("viewer:same,operator:same").match("same").orElseThrow().role());
    }

    @Test
    void operatorImpliesViewer() {
        assertEquals(java.util.Set.of("operator", "viewer"), Role.OPERATOR.grants());
        assertEquals(java.util.Set.of("viewer"), Role.VIEWER.grants());
    }

    @Test
    void nothingConfiguredIsEmpty() {
        assertTrue(ApiTokens.parse(null).isEmpty());
        assertTrue(ApiTokens.parse("  ").isEmpty());
        assertFalse(ApiTokens.parse("viewer:x").isEmpty());
    }

    @Test
    void malformedEntriesAreNamedByPositionWithoutTheToken() {
        assertMessage("operator:ok,admin:s3cr3t-value", "entry 2: unknown role 'admin'");
        assertMessage("s3cr3t-value", "entry 1 is not role:token");
        assertMessage("viewer:   ", "entry 1 (viewer): empty token");
        assertMessage("viewer:sha256:abc123s3cr3t", "64 hex digits");
        assertMessage("viewer:sha256:" + "g".repeat(64), "64 hex digits");
        // a token mistaken for a role is not echoed either
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ApiTokens.parse("Xy7!s3cr3t-value:abc"));
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
    }

    private static void assertMessage(String spec, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ApiTokens.parse(spec));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("s3cr3t"), "the message echoes the token: " + e.getMessage());
    }
}
