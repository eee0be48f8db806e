package dev.caravan.clean;

import java.math.BigDecimal;

/**
 * Money and other decimals, exact (BigDecimal, never floating point): currency symbols and codes,
 * thousands separators and spaces are removed; "(12.50)" and "-12.50" are negative. More decimal
 * places than the column keeps (after dropping trailing zeros) is an error, not a silent rounding.
 */
final class DecimalCleaner implements ValueCleaner {

    private final int scale;

    DecimalCleaner(int scale) {
        this.scale = scale;
    }

    @Override
    public Object clean(String raw) throws InvalidValueException {
        StringBuilder sb = new StringBuilder(raw.length());
        boolean negative = false;
        String v = raw;
        if (v.startsWith("(") && v.endsWith(")")) {
            negative = true;
            v = v.substring(1, v.length() - 1);
        }
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            if ((ch >= '0' && ch <= '9') || ch == '.') {
                sb.append(ch);
            } else if (ch == '-' && sb.length() == 0) {
                negative = !negative;
            } else if (ch == ',' || ch == ' ' || ch == '$' || ch == '€' || ch == '£' || ch == '\u00A0'
                    || ch == '+' && sb.length() == 0) {
                // separators and currency symbols carry no value
            } else if (Character.isLetter(ch) && isCurrencyCode(v)) {
                // "USD 12.00" / "12.00 USD"
            } else {
                throw new InvalidValueException("'" + raw + "' is not a number");
            }
        }
        if (sb.length() == 0) {
            throw new InvalidValueException("'" + raw + "' is not a number");
        }
        BigDecimal d;
        try {
            d = new BigDecimal(sb.toString());
        } catch (NumberFormatException e) {
            throw new InvalidValueException("'" + raw + "' is not a number");
        }
        if (negative) {
            d = d.negate();
        }
        if (d.scale() > scale) {
            BigDecimal stripped = d.stripTrailingZeros();
            if (stripped.scale() > scale) {
                throw new InvalidValueException("'" + raw + "' has more than " + scale + " decimal places");
            }
            d = stripped;
        }
        return d.setScale(scale);
    }

    private static boolean isCurrencyCode(String v) {
        String upper = v.toUpperCase(java.util.Locale.ROOT);
        return upper.contains("USD") || upper.contains("CAD") || upper.contains("EUR");
    }
}
