package dev.caravan.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The normalizers that decide whether two values match (plain JUnit: pure code). */
class MatchNormalizerTest {

    @Test
    void garbageNeverMatches() {
        for (MatchNormalizer n : MatchNormalizer.values()) {
            assertNull(n.normalize(null), n.name());
            assertNull(n.normalize("   \t "), n.name());
        }
        assertNull(MatchNormalizer.EMAIL.normalize("not-an-email"));
        assertNull(MatchNormalizer.EMAIL.normalize("@example.com"));
        assertNull(MatchNormalizer.EMAIL.normalize("pat@"));
        assertNull(MatchNormalizer.PHONE.normalize("12-34"), "too few digits to mean a person");
        assertNull(MatchNormalizer.PHONE.normalize("call me"));
        assertNull(MatchNormalizer.NAME.normalize("'-.,"));
        assertNull(MatchNormalizer.COMPANY.normalize(", ."));
    }

    @Test
    void emailIgnoresCaseAndEverySpace() {
        String want = "pat.lee@example.com";
        assertEquals(want, MatchNormalizer.EMAIL.normalize("Pat.Lee@Example.COM"));
        assertEquals(want, MatchNormalizer.EMAIL.normalize("  pat.lee@example.com \t"));
        assertEquals(want, MatchNormalizer.EMAIL.normalize("pat.lee @ example.com"));
        assertEquals(want, MatchNormalizer.EMAIL.normalize("pat.lee@example.com\u00a0"));
        assertNotEquals(want, MatchNormalizer.EMAIL.normalize("pat.lee2@example.com"));
    }

    @Test
    void phoneKeepsDigitsAndDropsTheUsCountryCodeAndExtensions() {
        String want = "5128675309";
        for (String s : new String[] {"(512) 867-5309", "512.867.5309", "+1 512 867 5309", "1-512-867-5309",
            "512-867-5309 ext. 12", "512 867 5309 x4", "+001 512 867 5309"}) {
            assertEquals(want, MatchNormalizer.PHONE.normalize(s), s);
        }
        assertEquals("442079460958", MatchNormalizer.PHONE.normalize("+44 20 7946 0958"), "other countries keep their code");
        assertNotEquals(want, MatchNormalizer.PHONE.normalize("(512) 867-5308"));
    }

    @Test
    void namesIgnoreCaseAccentsPunctuationAndSpacing() {
        assertEquals("obrien", MatchNormalizer.NAME.normalize(" O'Brien "));
        assertEquals("obrien", MatchNormalizer.NAME.normalize("o\u2019brien"));
        assertEquals("jose", MatchNormalizer.NAME.normalize("José"));
        assertEquals("mary ann", MatchNormalizer.NAME.normalize("Mary-Ann"));
        assertEquals("mary ann", MatchNormalizer.NAME.normalize("  MARY   ANN "));
    }

    @Test
    void companiesDropLegalFormsPunctuationAndCase() {
        for (String s : new String[] {"Acme, Inc.", "ACME Inc", "Acme Incorporated", "acme", "Acme LLC", "Acme L.L.C.",
            "Acme Ltd.", "Acme Corp", "Acme Corporation", "Acme Co.", "Acme Company", "The Acme Company, Inc."}) {
            assertEquals("acme", MatchNormalizer.COMPANY.normalize(s), s);
        }
        assertEquals("johnson and johnson", MatchNormalizer.COMPANY.normalize("Johnson & Johnson"));
        assertEquals("acme widgets", MatchNormalizer.COMPANY.normalize("ACME  Widgets, Inc"));
        assertNotEquals("acme", MatchNormalizer.COMPANY.normalize("Acme Widgets"), "a word that is no legal form stays");
        assertEquals("company", MatchNormalizer.COMPANY.normalize("Company"), "a name that is only a legal form is kept");
        assertEquals("inc", MatchNormalizer.COMPANY.normalize("Inc."));
    }

    @Test
    void textIsTrimmedLowerCasedAndCollapsed() {
        assertEquals("c 42", MatchNormalizer.TEXT.normalize("  C   42 "));
    }
}
