package dev.caravan.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.definition.ColumnDefinition;
import dev.caravan.definition.ColumnType;
import dev.caravan.definition.HeaderMapping;
import dev.caravan.definition.ObjectDefinition;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The drift collector and its name cleaning, without a warehouse. */
public class SchemaDriftTest {

    public static final ObjectDefinition PEOPLE = new ObjectDefinition("t", "people", null, "t_people", List.of("id"),
            List.of(new ColumnDefinition("id", ColumnType.TEXT, true, List.of("Person ID"), null, null, null),
                    new ColumnDefinition("email", ColumnType.EMAIL, false, List.of("E-mail"), null, null, null),
                    new ColumnDefinition("city", ColumnType.TEXT, false, List.of(), null, null, null)),
            null, null, null, null, null);

    @Test
    void namesAreStrippedOfControlAndFormatCharactersAndCut() {
        assertEquals("ab", SchemaDrift.clean("a\u0000\u001b\u009bb\u202e\u200b\u2028"));
        assertEquals("(empty)", SchemaDrift.clean("\r\n\t"));
        assertEquals("(empty)", SchemaDrift.clean(null));
        String cut = SchemaDrift.clean("y".repeat(10_000));
        assertEquals(128, cut.length());
        assertTrue(cut.endsWith("…"));
        // a surrogate pair is never split, a lone surrogate is dropped
        String emoji = SchemaDrift.clean("\uD83D\uDE00".repeat(100));
        assertTrue(emoji.length() <= 128 && !Character.isHighSurrogate(emoji.charAt(emoji.length() - 2)), emoji);
        assertEquals("ab", SchemaDrift.clean("a\uD800b"));
    }

    @Test
    void unknownFieldsAndColumnsNoRecordHadAcrossRecordsWithDifferentFields() {
        SchemaDrift drift = new SchemaDrift(PEOPLE);
        assertEquals(Drift.NONE, drift.result(), "nothing seen: nothing absent either");
        drift.see(HeaderMapping.of(PEOPLE, List.of("Person ID", "Shoe")));
        drift.see(HeaderMapping.of(PEOPLE, List.of("id", "E-mail", "Shoe", "Hat")));
        drift.see(HeaderMapping.of(PEOPLE, List.of()));
        Drift d = drift.result();
        assertEquals(List.of("Shoe", "Hat"), d.unknown());
        assertEquals(List.of("city"), d.missing());
        assertEquals("'city'", d.describeMissing());
    }

    @Test
    void pastTheCapNamesAreCountedNotKept() {
        SchemaDrift drift = new SchemaDrift(PEOPLE);
        for (int batch = 0; batch < 5; batch++) {
            List<String> headers = new ArrayList<>(List.of("id"));
            for (int i = 0; i < 100; i++) {
                headers.add("f" + (batch * 100 + i));
            }
            drift.see(HeaderMapping.of(PEOPLE, headers));
        }
        Drift d = drift.result();
        assertEquals(SchemaDrift.MAX_NAMES, d.unknown().size());
        assertEquals(500, d.unknownCount());
        assertTrue(d.describeUnknown().endsWith("'f199' (+300 more)"), d.describeUnknown());
    }
}
