package dev.caravan.warehouse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;
import org.h2.tools.Server;
import org.jboss.logging.Logger;

/**
 * How Caravan opens its embedded H2 warehouse. H2's own AUTO_SERVER mode cannot be combined with
 * DB_CLOSE_ON_EXIT=FALSE, and H2 closing the database from its own shutdown hook would pull it away
 * under a batch that a graceful shutdown lets commit. So for a file URL with AUTO_SERVER=TRUE the
 * first process opens the file itself (DB_CLOSE_ON_EXIT=FALSE, closed last, by {@link #close()}) and
 * serves it to other processes of this host (the CLI next to the service) on a TCP port bound to
 * 127.0.0.1, written to FILE.server; a process that finds the file open connects there instead.
 * File databases are opened with WRITE_DELAY=0, so what a transaction committed is in the file when
 * the process is killed.
 */
final class EmbeddedH2 implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedH2.class);
    static final int ALREADY_OPEN = 90020;

    private final String poolUrl;
    private final Server server;
    private final Connection anchor;
    private final Path portFile;

    private EmbeddedH2(String poolUrl, Server server, Connection anchor, Path portFile) {
        this.poolUrl = poolUrl;
        this.server = server;
        this.anchor = anchor;
        this.portFile = portFile;
    }

    String poolUrl() {
        return poolUrl;
    }

    static EmbeddedH2 open(String url, String user, String password) throws SQLException {
        String upper = url.toUpperCase(Locale.ROOT);
        if (upper.startsWith("JDBC:H2:FILE:") && !upper.contains("WRITE_DELAY")) {
            // a commit reaches the file at once, not up to half a second later: a killed process
            // keeps every batch it committed (PoisonFileIT found them gone after a SIGKILL)
            url = url + ";WRITE_DELAY=0";
            upper = url.toUpperCase(Locale.ROOT);
        }
        boolean closeSetting = upper.contains("DB_CLOSE_ON_EXIT");
        if (!upper.startsWith("JDBC:H2:FILE:") || !upper.contains("AUTO_SERVER=TRUE")) {
            return new EmbeddedH2(closeSetting || upper.startsWith("JDBC:H2:TCP:") ? url : url + ";DB_CLOSE_ON_EXIT=FALSE",
                    null, null, null);
        }
        // H2 reads h2.bindAddress once, when its first class loads: set it before H2 is touched
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
        String settings = url.replaceAll("(?i);AUTO_SERVER=TRUE", "");
        String embedded = closeSetting ? settings : settings + ";DB_CLOSE_ON_EXIT=FALSE";
        String rest = settings.substring("jdbc:h2:file:".length());
        int semi = rest.indexOf(';');
        Path file = Path.of(semi < 0 ? rest : rest.substring(0, semi)).toAbsolutePath().normalize();
        String options = semi < 0 ? "" : rest.substring(semi);
        Path portFile = Path.of(file + ".server");
        SQLException last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            try {
                Connection anchor = connect(embedded, user, password);
                return serve(embedded, anchor, portFile);
            } catch (SQLException e) {
                if (e.getErrorCode() != ALREADY_OPEN) {
                    throw e;
                }
                last = e;
            }
            String served = served(portFile);
            if (served != null) {
                String remote = "jdbc:h2:tcp://" + served + "/" + file + options;
                try {
                    connect(remote, user, password).close();
                    LOG.debugf("Warehouse file is open in another process: connected through %s", served);
                    return new EmbeddedH2(remote, null, null, null);
                } catch (SQLException e) {
                    last = e; // a stale port file, or the owner is just starting or stopping
                }
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new SQLException("the H2 warehouse " + file + " is open in another process that does not serve it"
                + " (yet): " + (last == null ? "" : last.getMessage()), "08001", last);
    }

    private static EmbeddedH2 serve(String embedded, Connection anchor, Path portFile) throws SQLException {
        Server server = Server.createTcpServer("-tcpPort", "0", "-tcpDaemon", "-ifExists").start();
        String address = "127.0.0.1:" + server.getPort();
        try {
            Path tmp = Files.createTempFile(portFile.getParent(), ".server", ".tmp");
            Files.writeString(tmp, address, StandardCharsets.UTF_8);
            Files.move(tmp, portFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warnf("Cannot write %s (other processes will not reach the warehouse): %s", portFile, e.getMessage());
        }
        LOG.debugf("Warehouse file served to this host's other processes on %s", address);
        return new EmbeddedH2(embedded, server, anchor, portFile);
    }

    private static String served(Path portFile) {
        try {
            String s = Files.readString(portFile, StandardCharsets.UTF_8).strip();
            return s.matches("127\\.0\\.0\\.1:\\d{1,5}") ? s : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static Connection connect(String url, String user, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        return new org.h2.Driver().connect(url, p);
    }

    /** After the pool closed: stops serving, closes the database, removes the port file. */
    @Override
    public void close() {
        if (server != null) {
            server.stop();
        }
        if (portFile != null) {
            try {
                Files.deleteIfExists(portFile);
            } catch (IOException e) {
                LOG.debugf("cannot remove %s: %s", portFile, e.getMessage());
            }
        }
        if (anchor != null) {
            try (anchor; var s = anchor.createStatement()) {
                s.execute("SHUTDOWN");
            } catch (SQLException e) {
                LOG.debugf("closing the H2 warehouse: %s", e.getMessage());
            }
        }
    }
}
