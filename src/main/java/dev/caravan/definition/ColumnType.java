package dev.caravan.definition;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Locale;

/** The value types a column of an object definition may declare; each has one cleaner and one SQL type. */
public enum ColumnType {
    TEXT, NAME, COMPANY, EMAIL, PHONE, DATE, TIMESTAMP, DECIMAL, INTEGER, BOOLEAN, ZIP, STATE, INDUSTRY;

    @JsonCreator
    public static ColumnType parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown column type '" + value + "'; known types: "
                    + java.util.Arrays.toString(values()).toLowerCase(Locale.ROOT));
        }
    }
}
