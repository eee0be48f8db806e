package dev.caravan.api.auth;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** API roles. An operator may do everything a viewer may. */
public enum Role {
    /** Reads runs, sync state, objects; not the raw rejected records. */
    VIEWER,
    /** Imports, syncs, replays and reads rejected records. */
    OPERATOR;

    /** Role names for {@code @RolesAllowed}. */
    public static final String VIEWER_ROLE = "viewer";
    public static final String OPERATOR_ROLE = "operator";

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The security roles an identity with this role holds. */
    public Set<String> grants() {
        return this == OPERATOR ? Set.of(OPERATOR_ROLE, VIEWER_ROLE) : Set.of(VIEWER_ROLE);
    }

    public static Optional<Role> of(String id) {
        for (Role r : values()) {
            if (r.id().equals(id)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
