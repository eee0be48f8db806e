package dev.caravan.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The bearer tokens of CARAVAN_API_TOKENS: comma-separated {@code role:token} pairs, where a token
 * may be given as {@code sha256:HEX} (the hex SHA-256 of the token) so the secret need not hold it
 * in clear. Only hashes are kept; a presented token is hashed and compared with every entry in
 * constant time. Error messages name the entry by position and never contain the token.
 */
public final class ApiTokens {

    private static final String HASHED = "sha256:";

    /** One configured token: its role, the SHA-256 of the token, its position (for the principal's name). */
    record Entry(Role role, byte[] sha256, int position) {
    }

    /** A token presented that matched: the role it grants and a name safe to log. */
    public record Match(Role role, String principal) {
    }

    private final List<Entry> entries;

    private ApiTokens(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static ApiTokens none() {
        return new ApiTokens(List.of());
    }

    /** Parses CARAVAN_API_TOKENS; null or blank means no tokens. */
    public static ApiTokens parse(String spec) {
        List<Entry> entries = new ArrayList<>();
        if (spec == null || spec.isBlank()) {
            return new ApiTokens(entries);
        }
        String[] parts = spec.split(",");
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].strip();
            if (part.isEmpty()) {
                continue; // a trailing comma is harmless
            }
            int position = i + 1;
            int colon = part.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("entry " + position + " is not role:token (roles: viewer, operator)");
            }
            String roleName = part.substring(0, colon).strip();
            Role role = Role.of(roleName).orElseThrow(() -> new IllegalArgumentException("entry " + position
                    + ": unknown role" + (roleName.matches("[A-Za-z_-]{1,16}") ? " '" + roleName + "'" : "")
                    + " (roles: viewer, operator)"));
            String token = part.substring(colon + 1).strip();
            if (token.isEmpty()) {
                throw new IllegalArgumentException("entry " + position + " (" + role.id() + "): empty token");
            }
            entries.add(new Entry(role, hashOf(token, position, role), position));
        }
        return new ApiTokens(entries);
    }

    private static byte[] hashOf(String token, int position, Role role) {
        if (!token.regionMatches(true, 0, HASHED, 0, HASHED.length())) {
            return sha256(token);
        }
        String hex = token.substring(HASHED.length()).strip();
        if (hex.length() != 64 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("entry " + position + " (" + role.id()
                    + "): sha256: must be followed by 64 hex digits (the SHA-256 of the token)");
        }
        return HexFormat.of().parseHex(hex.toLowerCase(java.util.Locale.ROOT));
    }

    /** The role a presented token grants; every entry is compared, in constant time per entry. */
    public Optional<Match> match(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] hash = sha256(presented);
        Entry found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(hash, e.sha256()) && (found == null || e.role().compareTo(found.role()) > 0)) {
                found = e;
            }
        }
        return found == null ? Optional.empty()
                : Optional.of(new Match(found.role(), found.role().id() + "-token-" + found.position()));
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public long count(Role role) {
        return entries.stream().filter(e -> e.role() == role).count();
    }

    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
