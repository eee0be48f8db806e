package dev.caravan.clean;

import java.util.Locale;

/** yes/no, y/n, true/false, t/f, 1/0, on/off (any case). */
final class BooleanCleaner implements ValueCleaner {

    @Override
    public Object clean(String raw) throws InvalidValueException {
        switch (raw.toLowerCase(Locale.ROOT)) {
            case "true", "t", "yes", "y", "1", "on":
                return Boolean.TRUE;
            case "false", "f", "no", "n", "0", "off":
                return Boolean.FALSE;
            default:
                throw new InvalidValueException("'" + raw + "' is not a yes/no value");
        }
    }
}
