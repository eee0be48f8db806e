package dev.caravan.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Which interface HTTP listens on by default (plain JUnit). */
class HttpHostDefaultTest {

    @Test
    void loopbackWithoutTokensAllInterfacesWithThemExplicitHostWins() {
        assertEquals("127.0.0.1", HttpHostDefault.choose(null, null));
        assertEquals("127.0.0.1", HttpHostDefault.choose("", " "));
        assertEquals("0.0.0.0", HttpHostDefault.choose(null, "operator:x"));
        assertEquals("10.1.2.3", HttpHostDefault.choose(" 10.1.2.3 ", null));
        assertEquals("127.0.0.1", HttpHostDefault.choose("127.0.0.1", "operator:x"));
    }
}
