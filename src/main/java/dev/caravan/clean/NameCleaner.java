package dev.caravan.clean;

import java.util.Locale;
import java.util.Map;

/**
 * Person and company names: runs of whitespace collapsed; a name written all in capitals or all in
 * lower case is put in title case (Mc/Mac, O', hyphens kept); mixed case is trusted as written.
 * Company names also get their legal suffix standardized ("inc" → "Inc.", "l.l.c." → "LLC", a
 * comma before the suffix removed).
 */
final class NameCleaner implements ValueCleaner {

    private static final Map<String, String> SUFFIXES = Map.ofEntries(
            Map.entry("inc", "Inc."), Map.entry("inc.", "Inc."), Map.entry("incorporated", "Inc."),
            Map.entry("llc", "LLC"), Map.entry("l.l.c.", "LLC"), Map.entry("l.l.c", "LLC"),
            Map.entry("ltd", "Ltd."), Map.entry("ltd.", "Ltd."), Map.entry("limited", "Ltd."),
            Map.entry("corp", "Corp."), Map.entry("corp.", "Corp."), Map.entry("corporation", "Corp."),
            Map.entry("co", "Co."), Map.entry("co.", "Co."), Map.entry("llp", "LLP"), Map.entry("l.l.p.", "LLP"),
            Map.entry("lp", "LP"), Map.entry("l.p.", "LP"), Map.entry("pllc", "PLLC"), Map.entry("plc", "PLC"));

    private final boolean company;

    NameCleaner(boolean company) {
        this.company = company;
    }

    @Override
    public Object clean(String raw) throws InvalidValueException {
        String v = collapse(raw);
        if (v.length() >= 2 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"') {
            v = collapse(v.substring(1, v.length() - 1));
        }
        if (v.isEmpty()) {
            throw new InvalidValueException("'" + raw + "' is not a name");
        }
        if (isSingleCase(v)) {
            v = titleCase(v);
        }
        return company ? standardizeSuffix(v) : v;
    }

    static String collapse(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (Character.isWhitespace(ch) || ch == '\u00A0') {
                space = sb.length() > 0;
            } else {
                if (space) {
                    sb.append(' ');
                    space = false;
                }
                sb.append(ch);
            }
        }
        return sb.toString();
    }

    private static boolean isSingleCase(String s) {
        boolean upper = false;
        boolean lower = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            upper |= Character.isUpperCase(ch);
            lower |= Character.isLowerCase(ch);
        }
        return upper != lower;
    }

    private static String titleCase(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean start = true;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (Character.isLetter(ch)) {
                sb.append(start ? Character.toUpperCase(ch) : Character.toLowerCase(ch));
                start = false;
            } else {
                sb.append(ch);
                start = ch == ' ' || ch == '-' || ch == '\'' || ch == '.' || ch == '(' || ch == '/' || ch == '&';
            }
        }
        // McDonald, MacArthur-style prefixes only for "Mc" (Mac is too often a whole name: Mack, Macy)
        int idx = 0;
        while ((idx = sb.indexOf("Mc", idx)) >= 0) {
            boolean wordStart = idx == 0 || !Character.isLetter(sb.charAt(idx - 1));
            if (wordStart && idx + 2 < sb.length() && Character.isLetter(sb.charAt(idx + 2))) {
                sb.setCharAt(idx + 2, Character.toUpperCase(sb.charAt(idx + 2)));
            }
            idx += 2;
        }
        return sb.toString();
    }

    private static String standardizeSuffix(String name) {
        int space = name.lastIndexOf(' ');
        if (space <= 0) {
            return name;
        }
        String last = name.substring(space + 1);
        String canonical = SUFFIXES.get(last.toLowerCase(Locale.ROOT));
        if (canonical == null) {
            return name;
        }
        String head = name.substring(0, space);
        if (head.endsWith(",")) {
            head = head.substring(0, head.length() - 1);
        }
        return head + " " + canonical;
    }
}
