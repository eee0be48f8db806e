package dev.caravan.source.http;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Secrets in definitions are written only as references to environment variables, {@code ${NAME}},
 * and resolved from an injected map (the process environment in production, a plain map in tests).
 * Every value resolved here is remembered so that {@link #mask} can blank it out of error messages.
 */
public final class Secrets {

    /** A whole value that is one reference: {@code ${HUBSPOT_ACCESS_TOKEN}}. */
    static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}");
    static final String MASK = "****";

    private final Map<String, String> env;
    private final Set<String> resolved = new LinkedHashSet<>();

    public Secrets(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** True when the value is exactly one {@code ${NAME}} reference. */
    public static boolean isReference(String value) {
        return value != null && REFERENCE.matcher(value).matches();
    }

    /** The variable a reference names ({@code HUBSPOT_ACCESS_TOKEN} for {@code ${HUBSPOT_ACCESS_TOKEN}}). */
    public static String variable(String reference) {
        Matcher m = REFERENCE.matcher(reference);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a ${ENV} reference");
        }
        return m.group(1);
    }

    /** Whether the variable a reference names is set (and not blank). */
    public boolean isSet(String reference) {
        return lookup(env, variable(reference)) != null;
    }

    /**
     * The value of a variable, or null when unset or blank. A variable unset under its name is looked
     * up in lower case as well ({@code et_user} for {@code ET_USER}): the spelling of a seed's {@code .env}.
     */
    static String lookup(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            v = env.get(name.toLowerCase(java.util.Locale.ROOT));
        }
        return v == null || v.isBlank() ? null : v;
    }

    /** The value of a secret reference; it is remembered for masking. */
    public String resolve(String reference) {
        String name = variable(reference);
        String value = lookup(env, name);
        if (value == null) {
            throw new HttpSourceNotConfiguredException("environment variable " + name + " is not set");
        }
        remember(value);
        return value;
    }

    /** A plain (non-secret) setting such as a base URL override. */
    public Optional<String> plain(String name) {
        String v = lookup(env, name);
        return v == null ? Optional.empty() : Optional.of(v.trim());
    }

    /** Remembers a secret obtained at run time (an OAuth access token) so it is masked too. */
    public synchronized void remember(String secret) {
        if (secret != null && secret.length() >= 4) {
            resolved.add(secret);
        }
    }

    /** The text with every known secret replaced by {@value #MASK}. */
    public synchronized String mask(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String s : resolved) {
            out = out.replace(s, MASK);
            String encoded = java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
            if (!encoded.equals(s)) {
                out = out.replace(encoded, MASK);
            }
        }
        return out;
    }
}
