package dev.caravan.clean;

import java.math.BigDecimal;

/** Whole numbers: thousands separators removed, "12.0" accepted, "12.5" refused. */
final class IntegerCleaner implements ValueCleaner {

    @Override
    public Object clean(String raw) throws InvalidValueException {
        String v = raw.replace(",", "").replace(" ", "");
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            try {
                return new BigDecimal(v).longValueExact();
            } catch (NumberFormatException | ArithmeticException e2) {
                throw new InvalidValueException("'" + raw + "' is not a whole number");
            }
        }
    }
}
