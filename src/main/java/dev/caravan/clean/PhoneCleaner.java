package dev.caravan.clean;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/** Phone numbers to E.164 with libphonenumber; numbers without a country code use the default region. */
final class PhoneCleaner implements ValueCleaner {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private final String region;

    PhoneCleaner(String region) {
        this.region = region;
    }

    @Override
    public Object clean(String raw) throws InvalidValueException {
        PhoneNumber number;
        try {
            number = PHONES.parse(raw, region);
        } catch (NumberParseException e) {
            throw new InvalidValueException("'" + raw + "' is not a phone number (" + e.getMessage() + ")");
        }
        if (!PHONES.isValidNumber(number)) {
            throw new InvalidValueException("'" + raw + "' is not a valid phone number for region "
                    + (number.hasCountryCode() ? PHONES.getRegionCodeForCountryCode(number.getCountryCode()) : region));
        }
        return PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
    }
}
