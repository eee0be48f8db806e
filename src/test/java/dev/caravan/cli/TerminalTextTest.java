package dev.caravan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** Escaping of untrusted text before it reaches a terminal (plain JUnit). */
class TerminalTextTest {

    @Test
    void plainTextIsUnchanged() {
        String s = "Zoë, 12 Main St, \"quoted\" — ok";
        assertSame(s, TerminalText.escape(s));
        assertNull(TerminalText.escape(null));
    }

    @Test
    void terminalControlsBecomeVisibleEscapes() {
        assertEquals("\\x1b]0;pwned\\x07\\x1b[2J", TerminalText.escape("\u001b]0;pwned\u0007\u001b[2J"));
        assertEquals("a\\r\\nb\\tc\\x00d\\x7f", TerminalText.escape("a\r\nb\tc\u0000d\u007f"));
        assertEquals("csi\\u009b31m", TerminalText.escape("csi\u009b31m"));
    }

    @Test
    void bidiOverridesAreEscaped() {
        assertEquals("invoice\\u202efdp.exe", TerminalText.escape("invoice\u202efdp.exe"));
        assertEquals("\\u2066x\\u2069\\u200f", TerminalText.escape("\u2066x\u2069\u200f"));
    }

    @Test
    void cuttingKeepsSurrogatePairsAndEscapesWhole() {
        assertEquals("ab…", TerminalText.escape("abcdef", 2));
        assertEquals("a…", TerminalText.escape("a\uD83D\uDE00b", 2));
        assertEquals("\\x1b…", TerminalText.escape("\u001bxyz", 1));
    }
}
