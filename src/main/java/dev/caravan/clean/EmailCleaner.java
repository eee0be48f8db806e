package dev.caravan.clean;

import java.util.Locale;
import org.apache.commons.validator.routines.EmailValidator;

/** E-mail addresses: "mailto:" and angle brackets removed, lower-cased, checked by Commons Validator (TLD included). */
final class EmailCleaner implements ValueCleaner {

    private static final EmailValidator VALIDATOR = EmailValidator.getInstance(false, true);

    @Override
    public Object clean(String raw) throws InvalidValueException {
        String v = raw;
        if (v.regionMatches(true, 0, "mailto:", 0, 7)) {
            v = v.substring(7);
        }
        if (v.startsWith("<") && v.endsWith(">")) {
            v = v.substring(1, v.length() - 1);
        }
        v = v.strip().toLowerCase(Locale.ROOT);
        if (!VALIDATOR.isValid(v)) {
            throw new InvalidValueException("'" + raw + "' is not a valid e-mail address");
        }
        return v;
    }
}
