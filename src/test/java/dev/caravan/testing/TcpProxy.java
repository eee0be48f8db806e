package dev.caravan.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A real TCP proxy on 127.0.0.1 in front of a database port, for outage tests: {@link #cut()} resets
 * every connection through it and refuses new ones (accepted and reset at once) until
 * {@link #restore()}. Bytes are forwarded untouched.
 */
public final class TcpProxy implements AutoCloseable {

    /** Proxies by name, for the test to find what its test resource started (same class loader per profile). */
    private static final Map<String, TcpProxy> BY_NAME = new ConcurrentHashMap<>();

    private final String name;
    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads;
    private final ScheduledExecutorService timer;
    private volatile boolean cut;
    private volatile boolean closed;

    private TcpProxy(String name, String targetHost, int targetPort) throws IOException {
        this.name = name;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        threads = Executors.newCachedThreadPool(r -> daemon(r, "proxy-" + name));
        timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "proxy-" + name + "-timer"));
        threads.execute(this::acceptLoop);
    }

    /** Starts (or finds) the proxy of this name in front of host:port. */
    public static synchronized TcpProxy start(String name, String targetHost, int targetPort) {
        return BY_NAME.computeIfAbsent(name, n -> {
            try {
                return new TcpProxy(n, targetHost, targetPort);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start proxy " + n, e);
            }
        });
    }

    public static TcpProxy named(String name) {
        TcpProxy p = BY_NAME.get(name);
        if (p == null) {
            throw new IllegalStateException("no proxy named " + name + " (started by the test profile's resource?)");
        }
        return p;
    }

    /** A JDBC URL's host:port replaced by this proxy's address. */
    public String route(String jdbcUrl) {
        int start = jdbcUrl.indexOf("//") + 2;
        int end = jdbcUrl.indexOf('/', start);
        return jdbcUrl.substring(0, start) + "127.0.0.1:" + port() + jdbcUrl.substring(end);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Resets every open connection and refuses new ones until {@link #restore()}. */
    public void cut() {
        cut = true;
        for (Socket s : open) {
            reset(s);
        }
        open.clear();
    }

    public void restore() {
        cut = false;
    }

    /** Cuts now and restores after {@code outage}, on a timer thread. */
    public void cutFor(Duration outage) {
        cut();
        timer.schedule(this::restore, outage.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isCut() {
        return cut;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("proxy " + name + ": accept failed: " + e.getMessage());
                }
                return;
            }
            if (cut) {
                reset(client);
                continue;
            }
            threads.execute(() -> connect(client));
        }
    }

    private void connect(Socket client) {
        Socket upstream;
        try {
            upstream = new Socket(targetHost, targetPort);
        } catch (IOException e) {
            reset(client);
            return;
        }
        open.add(client);
        open.add(upstream);
        if (cut) { // cut while connecting
            reset(client);
            reset(upstream);
            return;
        }
        threads.execute(() -> pipe(client, upstream));
        threads.execute(() -> pipe(upstream, client));
    }

    private void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away (or was cut): close both
        } finally {
            reset(from);
            reset(to);
        }
    }

    /** Closes with a TCP reset (linger 0), as a dead server or a broken network does. */
    private void reset(Socket s) {
        open.remove(s);
        try {
            s.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // already closed
        }
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        BY_NAME.remove(name, this);
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        cut();
        threads.shutdownNow();
        timer.shutdownNow();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
