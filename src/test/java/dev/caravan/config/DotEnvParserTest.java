package dev.caravan.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The .env reader: garbage first (line numbers, never a value in the message), then what it reads. */
class DotEnvParserTest {

    static final String SECRET = "sk_live_DoNotPrintMe123";

    private static Map<String, String> parse(String... lines) {
        return DotEnvParser.parse(List.of(lines), "/srv/.env");
    }

    private static String error(String... lines) {
        DotEnvParser.DotEnvException e = assertThrows(DotEnvParser.DotEnvException.class, () -> parse(lines));
        assertFalse(e.getMessage().contains(SECRET), "the value is in the message: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("/srv/.env line "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void aLineWithoutAnEqualsSignIsRefusedByNumberWithoutShowingIt() {
        String m = error("# settings", "A=1", "", SECRET);
        assertTrue(m.contains("line 4 is not NAME=value"), m);
        assertTrue(m.contains("the line is not shown"), m);
        assertTrue(error("export").contains("line 1 is not NAME=value"));
        assertTrue(error("KEY: " + SECRET).contains("line 1 is not NAME=value"));
    }

    @Test
    void aNameThatIsNoVariableNameIsRefused() {
        assertTrue(error("1ABC=" + SECRET).contains("line 1 has a name that is not a variable name"));
        assertTrue(error("A=1", "B$C=" + SECRET).contains("line 2 has a name"));
        assertTrue(error("MY KEY=" + SECRET).contains("line 1 is not NAME=value"));
    }

    @Test
    void aQuoteThatIsNeverClosedIsReportedAtTheLineThatOpensIt() {
        String m = error("A=1", "PASSWORD=\"" + SECRET, "B=2", "C=3");
        assertTrue(m.contains("line 2 opens a quoted value that is never closed"), m);
        assertTrue(error("TOKEN='" + SECRET).contains("line 1 opens a quoted value"));
    }

    @Test
    void textAfterAClosingQuoteIsRefused() {
        assertTrue(error("A=\"" + SECRET + "\" trailing").contains("line 1 has text after the closing quote"));
        assertTrue(error("A='x", SECRET + "' y").contains("line 2 has text after the closing quote"));
    }

    @Test
    void commentsBlankLinesAndExportAreSkipped() {
        Map<String, String> v = parse("# Extract settings", "", "   ", "  # indented comment", "export CARAVAN_DB_URL=jdbc:h2:mem:x",
                "export\tGENIUS_DB_HOST=db.example.com", "et_domain=app.enderturing.com");
        assertEquals(Map.of("CARAVAN_DB_URL", "jdbc:h2:mem:x", "GENIUS_DB_HOST", "db.example.com",
                "et_domain", "app.enderturing.com"), v);
    }

    @Test
    void unquotedValuesEndAtAnInlineCommentAndAreTrimmed() {
        Map<String, String> v = parse("A=value # a comment", "B=pass#word", "C = spaced value  ", "D=", "E= # only a comment",
                "F=#not-a-comment", "G=a=b=c");
        assertEquals("value", v.get("A"));
        assertEquals("pass#word", v.get("B"));
        assertEquals("spaced value", v.get("C"));
        assertEquals("", v.get("D"));
        assertEquals("", v.get("E"));
        assertEquals("#not-a-comment", v.get("F"));
        assertEquals("a=b=c", v.get("G"));
    }

    @Test
    void doubleQuotesKeepSpacesAndHashesAndReadEscapes() {
        Map<String, String> v = parse("DATABASE_URL=\"mssql+pyodbc://u:p@server/db?driver=ODBC Driver 17\"",
                "A=\"  two  spaces # not a comment \"  # a comment", "B=\"say \\\"hi\\\"\\n\\tand \\\\ back\"", "C=\"\"");
        assertEquals("mssql+pyodbc://u:p@server/db?driver=ODBC Driver 17", v.get("DATABASE_URL"));
        assertEquals("  two  spaces # not a comment ", v.get("A"));
        assertEquals("say \"hi\"\n\tand \\ back", v.get("B"));
        assertEquals("", v.get("C"));
    }

    @Test
    void singleQuotesAreLiteralAndKeepReferencesFromBeingExpanded() {
        Map<String, String> v = parse("A='a \\n b # c'", "P='pa${ss'");
        assertEquals("a \\n b # c", v.get("A"));
        // configuration expands ${…}: a single-quoted value keeps it as written (escaped for SmallRye Config)
        assertEquals("pa\\${ss", v.get("P"));
        assertEquals("x${HOME}", parse("X=x${HOME}").get("X"), "unquoted values may refer to other settings");
    }

    @Test
    void quotedValuesMaySpanLines() {
        Map<String, String> v = parse("KEY=\"-----BEGIN KEY-----", "abc", "-----END KEY-----\"", "NEXT='one", "two'");
        assertEquals("-----BEGIN KEY-----\nabc\n-----END KEY-----", v.get("KEY"));
        assertEquals("one\ntwo", v.get("NEXT"));
    }

    @Test
    void windowsLineEndsAByteOrderMarkAndRepeatedNames() {
        Map<String, String> v = parse("\uFEFFA=1\r", "B=\"two\"\r", "A=3");
        assertEquals("3", v.get("A"), "a later line wins");
        assertEquals("two", v.get("B"));
    }
}
