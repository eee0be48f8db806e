package dev.caravan.dedup;

import dev.caravan.definition.ColumnType;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a value is reduced before two rows are compared: two values match when their normalized
 * forms are equal. A value that normalizes to nothing (null, blank, no digits) never matches.
 */
public enum MatchNormalizer {
    /** Lower case, every whitespace removed ("  Pat.Lee @Example.COM " and "pat.lee@example.com"); needs an '@'. */
    EMAIL {
        @Override
        public String normalize(String value) {
            if (value == null) {
                return null;
            }
            String s = WHITESPACE.matcher(value).replaceAll("").toLowerCase(Locale.ROOT);
            int at = s.indexOf('@');
            return at <= 0 || at == s.length() - 1 ? null : s;
        }
    },
    /**
     * Digits only, an extension ("x12", "ext. 12") dropped, the US country code removed from an
     * eleven-digit number starting with 1 and from "+1 …"; fewer than seven digits never match.
     */
    PHONE {
        @Override
        public String normalize(String value) {
            if (value == null) {
                return null;
            }
            String s = EXTENSION.matcher(value.toLowerCase(Locale.ROOT)).replaceFirst("");
            StringBuilder digits = new StringBuilder(s.length());
            for (int i = 0; i < s.length(); i++) {
                char ch = s.charAt(i);
                if (ch >= '0' && ch <= '9') {
                    digits.append(ch);
                }
            }
            if (digits.length() == 11 && digits.charAt(0) == '1') {
                digits.deleteCharAt(0);
            } else if (digits.length() == 13 && s.trim().startsWith("+001")) {
                digits.delete(0, 3);
            }
            return digits.length() < 7 ? null : digits.toString();
        }
    },
    /** Accents, apostrophes and punctuation removed, lower case, single spaces ("O'Brien " and "obrien" match). */
    NAME {
        @Override
        public String normalize(String value) {
            return words(value);
        }
    },
    /**
     * A company name standardized: like {@link #NAME}, "&" read as "and", a leading "the" and the
     * trailing legal forms (inc, incorporated, llc, ltd, limited, corp, corporation, co, company,
     * plc, lp, llp) removed, so "Acme, Inc.", "ACME Inc" and "Acme Incorporated" are all "acme".
     */
    COMPANY {
        @Override
        public String normalize(String value) {
            if (value == null) {
                return null;
            }
            String w = words(value.replace("&", " and ").replace("L.L.C.", "llc").replace("l.l.c.", "llc"));
            if (w == null) {
                return null;
            }
            List<String> tokens = new ArrayList<>(Arrays.asList(w.split(" ")));
            if (tokens.size() > 1 && tokens.get(0).equals("the")) {
                tokens.remove(0);
            }
            while (tokens.size() > 1 && LEGAL_FORMS.contains(tokens.get(tokens.size() - 1))) {
                tokens.remove(tokens.size() - 1);
            }
            return String.join(" ", tokens);
        }
    },
    /** Lower case, trimmed, inner whitespace collapsed. */
    TEXT {
        @Override
        public String normalize(String value) {
            if (value == null) {
                return null;
            }
            String s = WHITESPACE.matcher(value.trim()).replaceAll(" ").toLowerCase(Locale.ROOT);
            return s.isEmpty() ? null : s;
        }
    };

    private static final Pattern WHITESPACE = Pattern.compile("[\\s\\u00a0]+");
    private static final Pattern EXTENSION = Pattern.compile("\\s*(?:ext\\.?|extension|x|#)\\s*\\d+\\s*$");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Set<String> LEGAL_FORMS = Set.of("inc", "incorporated", "llc", "ltd", "limited", "corp",
            "corporation", "co", "company", "plc", "lp", "llp");

    /** The normalized value, or null when it cannot match anything. */
    public abstract String normalize(String value);

    /** The normalizer of a column type: e-mail, phone, name and company have their own; the rest compare as text. */
    public static MatchNormalizer of(ColumnType type) {
        return switch (type) {
            case EMAIL -> EMAIL;
            case PHONE -> PHONE;
            case NAME -> NAME;
            case COMPANY -> COMPANY;
            default -> TEXT;
        };
    }

    public static MatchNormalizer parse(String name) {
        for (MatchNormalizer n : values()) {
            if (n.name().equalsIgnoreCase(name.trim())) {
                return n;
            }
        }
        return null;
    }

    private static String words(String value) {
        if (value == null) {
            return null;
        }
        String s = MARKS.matcher(Normalizer.normalize(value, Normalizer.Form.NFKD)).replaceAll("");
        s = NOT_WORD.matcher(s.replace("'", "").replace("\u2019", "")).replaceAll(" ").trim().toLowerCase(Locale.ROOT);
        return s.isEmpty() ? null : s;
    }
}
