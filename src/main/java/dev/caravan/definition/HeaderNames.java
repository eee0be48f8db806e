package dev.caravan.definition;

import java.util.Locale;
import java.util.Set;

/** How headers are compared with aliases, and the columns every target table carries besides its own. */
public final class HeaderNames {

    /** Columns Caravan adds to every target table; definitions may not declare them. */
    public static final Set<String> RESERVED_COLUMNS =
            Set.of("id", "extra", "row_hash", "first_run_id", "last_run_id", "created_at", "updated_at");

    private HeaderNames() {
    }

    /** "Email Address", "email_address" and "EmailAddress" all become "emailaddress". */
    public static String normalize(String header) {
        StringBuilder sb = new StringBuilder(header.length());
        for (int i = 0; i < header.length(); i++) {
            char ch = header.charAt(i);
            if (Character.isLetterOrDigit(ch)) {
                sb.append(Character.toLowerCase(ch));
            }
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }
}
