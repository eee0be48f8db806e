package dev.caravan.config;

import org.jboss.logging.Logger;

/**
 * Keeps the embedded H2 warehouse's TCP server (AUTO_SERVER=TRUE, which lets the CLI and the
 * service share the file) on loopback: H2 binds it to all interfaces unless {@code h2.bindAddress}
 * is set. Must run before H2's classes read their system properties (before the first connection).
 */
public final class H2Network {

    static final String BIND_ADDRESS = "h2.bindAddress";

    private static final Logger LOG = Logger.getLogger(H2Network.class);

    private H2Network() {
    }

    /** Sets h2.bindAddress=127.0.0.1 unless the user set it. */
    public static void bindToLoopbackUnlessSet() {
        String set = System.getProperty(BIND_ADDRESS);
        if (set == null || set.isBlank()) {
            System.setProperty(BIND_ADDRESS, "127.0.0.1");
        } else {
            LOG.infof("H2 server bind address from -D%s: %s", BIND_ADDRESS, set);
        }
    }
}
