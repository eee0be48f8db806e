import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The load generator of bench/webhooks.sh: CONNECTIONS threads, each with one keep-alive HTTP/1.1
 * connection of its own (raw sockets, TCP_NODELAY), POST validly signed HubSpot webhook deliveries to
 * URL in a closed loop (a thread sends its next request when the answer to the previous one is in)
 * for WARMUP + DURATION seconds. Each delivery is a JSON array of HubSpot events (the shape of
 * src/test/java/dev/caravan/webhook/Deliveries.java#hubspotEvents) padded to about BODY bytes, every
 * event with an eventId never sent before, signed with HubSpot's v3 signature: X-HubSpot-Signature-v3
 * = base64(HMAC-SHA256(HUBSPOT_CLIENT_SECRET, "POST" + URL + body + timestamp)), with the timestamp in
 * X-HubSpot-Request-Timestamp (epoch ms). URL is also the URI signed, so it must be the one the server
 * reconstructs.
 *
 * Throughput and latency percentiles (nearest rank over every request) count the 2xx answers that
 * came in during the DURATION window after the warm-up; the totals (requests, 2xx, non-2xx, I/O
 * errors, events in 2xx answers = acked) cover the whole run, warm-up included. When the time is up a
 * thread waits for the answer to its request in flight, so no acknowledged event goes uncounted.
 * Prints one line of key=value pairs on stdout; the status counts and a sample of a non-2xx answer
 * on stderr.
 *
 * Usage: HUBSPOT_CLIENT_SECRET=… java bench/WebhookLoad.java URL [CONNECTIONS [WARMUP_S [DURATION_S [BODY]]]]
 *        (defaults 64, 5, 20, 1024)
 */
public final class WebhookLoad {


    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: HUBSPOT_CLIENT_SECRET=… java bench/WebhookLoad.java URL [CONNECTIONS [WARMUP_S [DURATION_S [BODY]]]]");
            System.exit(2);
        }
        String url = args[0];
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        double warmup = args.length > 2 ? Double.parseDouble(args[2]) : 5;
        double duration = args.length > 3 ? Double.parseDouble(args[3]) : 20;
        int bodyBytes = args.length > 4 ? Integer.parseInt(args[4]) : 1024;
        String secret = System.getenv("HUBSPOT_CLIENT_SECRET");
        if (secret == null || secret.isEmpty()) {
            System.err.println("HUBSPOT_CLIENT_SECRET is not set");
            System.exit(2);
        }
        URI uri = URI.create(url);
        Run run = new Run(uri, secret, bodyBytes, Math.round(warmup * 1e9), Math.round(duration * 1e9));
        List<Thread> threads = new ArrayList<>();
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Worker w = new Worker(run);
            workers.add(w);
            Thread t = new Thread(w, "load-" + i);
            threads.add(t);
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }

        long windowOk = 0;
        long requests = 0, ok = 0, non2xx = 0, errors = 0, acked = 0, reconnects = 0, serverStored = 0, serverDuplicates = 0;
        long[] all = new long[0];
        for (Worker w : workers) {
            windowOk += w.latencyCount;
            requests += w.requests;
            ok += w.ok;
            non2xx += w.non2xx;
            errors += w.errors;
            acked += w.ackedEvents;
            reconnects += w.reconnects;
            serverStored += w.serverStored;
            serverDuplicates += w.serverDuplicates;
            int from = all.length;
            all = Arrays.copyOf(all, from + w.latencyCount);
            System.arraycopy(w.latencies, 0, all, from, w.latencyCount);
        }
        Arrays.sort(all);
        double windowS = duration;
        Map<Integer, Long> statuses = new TreeMap<>();
        run.statuses.forEach((k, v) -> statuses.put(k, v.sum()));
        System.err.println("statuses " + statuses + (run.sampleError.get() == null ? "" : "; first non-2xx or error: " + run.sampleError.get()));
        System.out.println(String.format(Locale.ROOT,
                "rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f p999_ms=%.2f max_ms=%.2f window_s=%.1f window_2xx=%d"
                        + " requests=%d ok=%d non2xx=%d errors=%d acked=%d events_per_request=%d body_bytes=%d"
                        + " connections=%d reconnects=%d server_stored=%d server_duplicates=%d",
                windowOk / windowS, ms(pct(all, 50)), ms(pct(all, 90)), ms(pct(all, 99)), ms(pct(all, 99.9)),
                ms(all.length == 0 ? 0 : all[all.length - 1]), windowS, windowOk, requests, ok, non2xx, errors, acked,
                run.eventsPerRequest, run.sampleBodyLength, connections, reconnects, serverStored, serverDuplicates));
    }

    /** Nearest rank: the smallest value with at least p % of the values at or below it. */
    static long pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** What the workers share: the target, the clock, the event id counter, the status counts. */
    static final class Run {
        final String host;
        final int port;
        final String path;
        final byte[] signedPrefix;
        final byte[] key;
        final int bodyBytes;
        final long start = System.nanoTime();
        final long measureFrom;
        final long end;
        /** Event ids never used before, in this database or another: the clock in µs at the start. */
        final AtomicLong nextEventId = new AtomicLong(System.currentTimeMillis() * 1000);
        final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        final AtomicReference<String> sampleError = new AtomicReference<>();
        final int eventsPerRequest;
        final int sampleBodyLength;

        Run(URI uri, String secret, int bodyBytes, long warmupNanos, long durationNanos) {
            this.host = uri.getHost();
            this.port = uri.getPort() > 0 ? uri.getPort() : 80;
            this.path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            this.signedPrefix = ("POST" + uri).getBytes(StandardCharsets.UTF_8);
            this.key = secret.getBytes(StandardCharsets.UTF_8);
            this.bodyBytes = bodyBytes;
            this.measureFrom = start + warmupNanos;
            this.end = measureFrom + durationNanos;
            // as many ~260-byte events as fit, the last one's propertyValue padded up to the size
            int one = event(new StringBuilder(), nextEventId.get(), System.currentTimeMillis(), "").length();
            this.eventsPerRequest = Math.max(1, (bodyBytes - 2) / (one + 1));
            this.sampleBodyLength = body(new long[] {nextEventId.get()}, System.currentTimeMillis()).length;
        }

        /** One delivery of eventsPerRequest events with fresh ids, padded to about bodyBytes. */
        byte[] body(long[] firstId, long now) {
            StringBuilder b = new StringBuilder(bodyBytes + 64).append('[');
            for (int i = 0; i < eventsPerRequest; i++) {
                if (i > 0) {
                    b.append(',');
                }
                boolean last = i == eventsPerRequest - 1;
                String pad = "";
                if (last) {
                    int without = b.length() + event(new StringBuilder(), firstId[0] + i, now, "").length() + 1;
                    pad = "x".repeat(Math.max(0, bodyBytes - without));
                }
                event(b, firstId[0] + i, now, pad);
            }
            return b.append(']').toString().getBytes(StandardCharsets.UTF_8);
        }

        static StringBuilder event(StringBuilder b, long eventId, long now, String pad) {
            return b.append("{\"eventId\":").append(eventId).append(",\"subscriptionId\":2101,\"portalId\":62515,")
                    .append("\"appId\":54321,\"occurredAt\":").append(now)
                    .append(",\"subscriptionType\":\"contact.propertyChange\",\"attemptNumber\":0,\"objectId\":")
                    .append(1000 + eventId % 1_000_000)
                    .append(",\"changeSource\":\"CRM\",\"propertyName\":\"email\",\"propertyValue\":\"x")
                    .append(pad).append("@example.com\"}");
        }

        void status(int code, String sample) {
            statuses.computeIfAbsent(code, k -> new LongAdder()).increment();
            if (sample != null) {
                sampleError.compareAndSet(null, sample);
            }
        }
    }

    /** One connection, one request at a time. */
    static final class Worker implements Runnable {
        private final Run run;
        long[] latencies = new long[1 << 14];
        int latencyCount;
        long requests, ok, non2xx, errors, ackedEvents, reconnects, serverStored, serverDuplicates;
        private Socket socket;
        private OutputStream out;
        private InputStream in;
        private final Mac mac;

        Worker(Run run) throws Exception {
            this.run = run;
            this.mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(run.key, "HmacSHA256"));
        }

        @Override
        public void run() {
            ByteArrayOutputStream request = new ByteArrayOutputStream(run.bodyBytes + 512);
            long[] firstId = new long[1];
            while (System.nanoTime() < run.end) {
                try {
                    if (socket == null) {
                        connect();
                    }
                    long now = System.currentTimeMillis();
                    firstId[0] = run.nextEventId.getAndAdd(run.eventsPerRequest);
                    byte[] body = run.body(firstId, now);
                    String timestamp = Long.toString(now);
                    mac.update(run.signedPrefix);
                    mac.update(body);
                    String signature = Base64.getEncoder().encodeToString(
                            mac.doFinal(timestamp.getBytes(StandardCharsets.UTF_8)));
                    request.reset();
                    ascii(request, "POST " + run.path + " HTTP/1.1\r\nHost: " + run.host + ":" + run.port
                            + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                            + "\r\nX-HubSpot-Signature-v3: " + signature + "\r\nX-HubSpot-Request-Timestamp: " + timestamp
                            + "\r\nUser-Agent: caravan-bench\r\n\r\n");
                    request.write(body);
                    long t0 = System.nanoTime();
                    request.writeTo(out);
                    out.flush();
                    requests++;
                    Response r = read();
                    long t1 = System.nanoTime();
                    if (r.status >= 200 && r.status < 300) {
                        ok++;
                        ackedEvents += run.eventsPerRequest;
                        serverStored += field(r.body, "\"stored\":");
                        serverDuplicates += field(r.body, "\"duplicates\":");
                        if (t1 >= run.measureFrom && t1 <= run.end) {
                            if (latencyCount == latencies.length) {
                                latencies = Arrays.copyOf(latencies, latencyCount * 2);
                            }
                            latencies[latencyCount++] = t1 - t0;
                        }
                        run.status(r.status, null);
                    } else {
                        non2xx++;
                        run.status(r.status, r.status + " " + r.body);
                    }
                    if (r.close) {
                        close();
                    }
                } catch (IOException e) {
                    errors++;
                    run.status(-1, "I/O: " + e);
                    close();
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
            close();
        }

        private void connect() throws IOException {
            if (requests > 0) {
                reconnects++;
            }
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            socket.connect(new InetSocketAddress(run.host, run.port), 5_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 8192);
        }

        private void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            socket = null;
        }

        record Response(int status, String body, boolean close) {
        }

        private Response read() throws IOException {
            String statusLine = line();
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                throw new IOException("not an HTTP status line: " + statusLine);
            }
            int status = Integer.parseInt(parts[1]);
            boolean close = parts[0].equals("HTTP/1.0");
            long length = -1;
            boolean chunked = false;
            for (String h = line(); !h.isEmpty(); h = line()) {
                int colon = h.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = h.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> close = value.equalsIgnoreCase("close") ? true
                            : value.equalsIgnoreCase("keep-alive") ? false : close;
                    default -> {
                    }
                }
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (chunked) {
                for (long size = Long.parseLong(line().split(";", 2)[0].trim(), 16); size > 0;
                        size = Long.parseLong(line().split(";", 2)[0].trim(), 16)) {
                    copy(body, size);
                    line();
                }
                while (!line().isEmpty()) {
                    // trailers
                }
            } else if (length >= 0) {
                copy(body, length);
            } else if (status >= 200 && status != 204 && status != 304) {
                in.transferTo(body);
                close = true;
            }
            return new Response(status, body.toString(StandardCharsets.UTF_8), close);
        }

        private void copy(ByteArrayOutputStream to, long n) throws IOException {
            byte[] buffer = new byte[4096];
            while (n > 0) {
                int k = in.read(buffer, 0, (int) Math.min(buffer.length, n));
                if (k < 0) {
                    throw new EOFException("connection closed in a response body");
                }
                to.write(buffer, 0, k);
                n -= k;
            }
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new EOFException("connection closed by the server");
                }
                if (c != '\r') {
                    b.append((char) c);
                }
            }
            return b.toString();
        }

        private static long field(String json, String name) {
            int i = json.indexOf(name);
            if (i < 0) {
                return 0;
            }
            int j = i + name.length();
            int k = j;
            while (k < json.length() && Character.isDigit(json.charAt(k))) {
                k++;
            }
            return k > j ? Long.parseLong(json.substring(j, k)) : 0;
        }

        private static void ascii(ByteArrayOutputStream to, String s) {
            to.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
        }
    }
}
