import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The ceiling of bench/webhooks.sh: a bare JDK HTTP server that reads each request's body and answers
 * 200 {@code {}} (application/json), with no parsing, no signature check and no storage. Listens on
 * 127.0.0.1:PORT; a fixed pool of THREADS handler threads (default 4 × the processors, at least 8:
 * the handler only drains the body, so more threads than that only add switching). TCP_NODELAY is on,
 * as Vert.x (Caravan's HTTP server) has it.
 * Usage: java bench/BareServer.java PORT [THREADS]      (Java 17 single-file source launch)
 */
public final class BareServer {

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: java bench/BareServer.java PORT [THREADS]");
            System.exit(2);
        }
        // read by the JDK server's configuration when its classes load: set before creating it
        System.setProperty("sun.net.httpserver.nodelay", "true");
        int port = Integer.parseInt(args[0]);
        int threads = args.length > 1 ? Integer.parseInt(args[1])
                : Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
        byte[] ok = "{}".getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] buffer = new byte[8192];
                try (InputStream in = exchange.getRequestBody()) {
                    while (in.read(buffer) >= 0) {
                        // drain: the body is read as a real receiver would, then dropped
                    }
                }
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, ok.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(ok);
                }
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        server.setExecutor(pool);
        server.start();
        System.err.println("bare server on 127.0.0.1:" + port + " with " + threads + " handler threads");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(0);
            pool.shutdownNow();
        }));
    }
}
