package dev.caravan.source.http;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A connection's {@code base_url}: one URL, or a list of alternatives made of {@code ${VARIABLE}} and
 * {@code ${VARIABLE:-default}} parts (Ender Turing: {@code ["${ET_URL}", "https://${ET_DOMAIN}"]};
 * Shopify: {@code https://${SHOPIFY_SHOP}.myshopify.com/admin/api/${SHOPIFY_API_VERSION:-2025-01}}).
 * The first alternative whose variables are all set is used. A value may not carry a URL's
 * structure into a part that is meant to be a host label or a version: values holding
 * {@code / ? # @} or white space are refused, except where the variable is the whole URL.
 */
final class BaseUrlTemplates {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9_]*)(?::-([^}]*))?}");

    /** The URL chosen and where it came from, or (url null) the variables no alternative had. */
    record Choice(String url, String from, String needed) {
    }

    private BaseUrlTemplates() {
    }

    /** The first alternative whose variables are all set, filled in; null when a template is malformed. */
    static Choice choose(List<String> alternatives, Map<String, String> env, StrategyOptions o) {
        List<String> needed = new ArrayList<>();
        for (String template : alternatives) {
            Set<String> missing = new LinkedHashSet<>();
            Matcher m = VARIABLE.matcher(template);
            StringBuilder sb = new StringBuilder();
            boolean whole = m.matches();
            m.reset();
            while (m.find()) {
                String value = Secrets.lookup(env, m.group(1));
                if (value == null) {
                    value = m.group(2);
                }
                if (value == null) {
                    missing.add(m.group(1));
                    value = "";
                }
                value = value.trim();
                if (!whole && !value.isEmpty() && !value.matches("[^/?#@\\s]+")) {
                    o.problem(m.group(1) + " must be a plain name here (no '/', '?', '#', '@' or spaces), as it goes into "
                            + "base_url '" + template + "'");
                    return null;
                }
                m.appendReplacement(sb, Matcher.quoteReplacement(value));
            }
            m.appendTail(sb);
            if (sb.indexOf("${") >= 0) {
                o.problem("base_url '" + template + "' has a malformed ${VARIABLE} part");
                return null;
            }
            if (missing.isEmpty()) {
                return new Choice(sb.toString(), whole ? String.join("", variables(template)) : "base_url", null);
            }
            needed.add(String.join(", ", missing));
        }
        return new Choice(null, null, String.join("; or ", needed));
    }

    private static List<String> variables(String template) {
        List<String> out = new ArrayList<>();
        Matcher m = VARIABLE.matcher(template);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
