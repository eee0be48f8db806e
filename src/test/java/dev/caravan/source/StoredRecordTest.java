package dev.caravan.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.caravan.definition.HeaderMapping;
import dev.caravan.drift.SchemaDriftTest;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stored form of rejected records that a replay feeds again. */
class StoredRecordTest {

    @Test
    void garbageIsRefusedNotGuessed() {
        for (String bad : List.of("", "[]", "{\"fields\": [\"a\"], \"values\": []}", "{\"fields\": [1], \"values\": [1]}",
                "{not json", "{\"values\": [\"x\"]}")) {
            assertThrows(IllegalArgumentException.class, () -> StoredRecord.decode(bad), bad);
        }
    }

    @Test
    void recordsWithAProblemOrTooLargeAreNotReplayable() {
        HeaderMapping m = HeaderMapping.of(SchemaDriftTest.PEOPLE, List.of("id", "note"));
        assertNull(StoredRecord.encode(new SourceRecord(2, m, new String[] {"1", "x"}, null, ',', "ragged")));
        assertNull(StoredRecord.encode(new SourceRecord(2, m, new String[] {"1"}, null, ',', null)));
        assertNull(StoredRecord.encode(new SourceRecord(2, m, new String[] {"1", "z".repeat(70_000)}, null, ',', null)));
        // quotes and backslashes escape into more characters than the record has: still bounded
        assertNull(StoredRecord.encode(new SourceRecord(2, m, new String[] {"1", "\"".repeat(40_000)}, null, ',', null)));
    }

    @Test
    void fieldsValuesAndDelimiterComeBack() {
        HeaderMapping m = HeaderMapping.of(SchemaDriftTest.PEOPLE, List.of("Person ID", "E-mail", "Shoe"));
        StoredRecord csv = StoredRecord.decode(StoredRecord.encode(
                new SourceRecord(7, m, new String[] {"1", null, "a;\"b\"\n"}, null, ';', null)));
        assertEquals(List.of("Person ID", "E-mail", "Shoe"), csv.fields());
        assertEquals(Arrays.asList("1", null, "a;\"b\"\n"), csv.values());
        assertEquals(';', csv.delimiter());
        StoredRecord json = StoredRecord.decode(StoredRecord.encode(
                new SourceRecord(7, m, new String[] {"1", "e", "9"}, "{\"raw\": 1}", SourceRecord.JSON_OBJECT, null)));
        assertEquals(SourceRecord.JSON_OBJECT, json.delimiter());
    }
}
