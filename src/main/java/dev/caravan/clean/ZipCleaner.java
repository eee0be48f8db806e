package dev.caravan.clean;

/**
 * US ZIP codes kept as text: 5 digits or ZIP+4 ("12345-6789"; "123456789" is split). Three or four
 * digits are taken as a ZIP whose leading zeros a spreadsheet dropped (01234 saved as 1234) and padded.
 */
final class ZipCleaner implements ValueCleaner {

    @Override
    public Object clean(String raw) throws InvalidValueException {
        String v = raw.strip();
        if (v.endsWith("-")) {
            v = v.substring(0, v.length() - 1);
        }
        String digits = v.replace("-", "").replace(" ", "");
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                throw new InvalidValueException("'" + raw + "' is not a US ZIP code");
            }
        }
        int dash = v.indexOf('-');
        if (dash >= 0 && (dash != 5 || digits.length() != 9)) {
            throw new InvalidValueException("'" + raw + "' is not a US ZIP code");
        }
        switch (digits.length()) {
            case 3:
                return "00" + digits;
            case 4:
                return "0" + digits;
            case 5:
                return digits;
            case 9:
                return digits.substring(0, 5) + "-" + digits.substring(5);
            default:
                throw new InvalidValueException("'" + raw + "' is not a US ZIP code (5 digits or ZIP+4)");
        }
    }
}
