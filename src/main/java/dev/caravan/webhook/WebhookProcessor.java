package dev.caravan.webhook;

import dev.caravan.camel.ServiceRoutes;
import dev.caravan.config.CaravanConfig;
import dev.caravan.pipeline.RunSummary;
import dev.caravan.run.RunRegistry;
import dev.caravan.warehouse.SqlFailures;
import io.micrometer.core.instrument.Gauge;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Processes stored webhook events, asynchronously from their receipt, in the service: a thread that
 * claims due events in arrival order (woken by each commit of new events, else every
 * {@code CARAVAN_WEBHOOK_POLL}), hands each receiver's events to its strategy and, when that fails,
 * schedules a retry with back-off or, once {@code max_attempts} are spent, marks them failed with the
 * reason. Replicas share the backlog through their claims. At shutdown, events claimed but not
 * processed are given back.
 */
@ApplicationScoped
public class WebhookProcessor {

    private static final Logger LOG = Logger.getLogger(WebhookProcessor.class);

    /** A run of events failed; its events are retried. */
    static final class ProcessingFailedException extends Exception {
        ProcessingFailedException(String message) {
            super(message, null, false, false);
        }
    }

    /** The run did not start or stopped because this process is shutting down. */
    static final class ShuttingDownException extends Exception {
        ShuttingDownException(String message) {
            super(message, null, false, false);
        }
    }

    private final EventQueue queue;
    private final WebhookReceivers receivers;
    private final WebhookMetrics metrics;
    private final CaravanConfig.Webhooks config;
    private final ServiceRoutes service;
    private final RunRegistry registry;
    private final Map<String, EventHandling> strategies;
    private final Semaphore wake = new Semaphore(0);
    private final java.util.concurrent.ScheduledExecutorService renewals = java.util.concurrent.Executors
            .newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "caravan-webhook-lease");
                t.setDaemon(true);
                return t;
            });
    private final Map<String, Long> backlog = new ConcurrentHashMap<>();
    private final WebhookStore store;
    private volatile boolean stopped;
    private Thread thread;

    @Inject
    public WebhookProcessor(EventQueue queue, WebhookReceivers receivers, WebhookMetrics metrics, CaravanConfig config,
            ServiceRoutes service, RunRegistry registry, WebhookStore store, PipelineHandling pipeline,
            HubSpotCrmHandling hubspot) {
        this.queue = queue;
        this.receivers = receivers;
        this.metrics = metrics;
        this.config = config.webhooks();
        this.service = service;
        this.registry = registry;
        this.strategies = Map.of("pipeline", pipeline, "hubspot_crm", hubspot);
        this.store = store;
    }

    void start(@Observes StartupEvent event) {
        if (!service.serviceMode() || !config.process() || receivers.all().isEmpty()) {
            return; // nor is the store (and the warehouse) opened for a command that processes nothing
        }
        store.onStored(wake::release);
        for (String system : receivers.all().keySet()) {
            Gauge.builder("caravan.webhook.backlog", backlog, b -> b.getOrDefault(system, 0L))
                    .tag("system", system).description("webhook events stored and not yet processed")
                    .register(metrics.registry());
        }
        thread = new Thread(this::loop, "caravan-webhook-process");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        // The run in flight must be asked to stop at its next batch boundary before this waits for it:
        // observers of ShutdownEvent run in no set order, and GracefulShutdown may come after this one.
        registry.requestStopAll("shutting down");
        wake.release();
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop() {
        long lastBacklog = 0;
        while (!stopped && !registry.stopping()) {
            try {
                if (System.nanoTime() - lastBacklog > TimeUnit.SECONDS.toNanos(5)) {
                    refreshBacklog();
                    lastBacklog = System.nanoTime();
                }
                EventQueue.Claim claim = queue.claim(config.claimBatch(), config.claimLease());
                if (claim.events().isEmpty()) {
                    wake.tryAcquire(config.poll().toMillis(), TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                    continue;
                }
                process(claim);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.sql.SQLException | RuntimeException e) {
                LOG.warnf("Webhook processing paused (%s); trying again in %s", SqlFailures.summary(e), config.poll());
                sleep(config.poll());
            }
        }
    }

    private void process(EventQueue.Claim claim) throws java.sql.SQLException {
        // the lease is renewed while the claim is worked on, so only a dead process's claim runs out
        long every = Math.max(200, config.claimLease().toMillis() / 3);
        java.util.concurrent.ScheduledFuture<?> beat = renewals.scheduleWithFixedDelay(() -> {
            try {
                queue.renew(claim.token(), config.claimLease());
            } catch (java.sql.SQLException | RuntimeException e) {
                LOG.debugf("Renewing webhook claim %s failed: %s", claim.token(), e.getMessage());
            }
        }, every, every, TimeUnit.MILLISECONDS);
        try {
            processClaim(claim);
        } finally {
            beat.cancel(false);
        }
    }

    private void processClaim(EventQueue.Claim claim) throws java.sql.SQLException {
        Map<String, List<StoredEvent>> bySystem = new LinkedHashMap<>();
        claim.events().forEach(e -> bySystem.computeIfAbsent(e.system(), s -> new ArrayList<>()).add(e));
        for (Map.Entry<String, List<StoredEvent>> group : bySystem.entrySet()) {
            String system = group.getKey();
            List<StoredEvent> events = group.getValue();
            WebhookDefinition d = receivers.get(system).orElse(null);
            if (d == null) {
                queue.failed(events, claim.token(), "no webhook receiver is defined for " + system + " any more",
                        WebhookDefinition.Retry.NONE);
                metrics.processed(system, "failed", events.size());
                continue;
            }
            try {
                strategies.get(d.process()).handle(d, events, claim.token());
                metrics.processed(system, "processed", events.size());
            } catch (ShuttingDownException e) {
                queue.release(claim.token());
                return;
            } catch (Exception e) {
                String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                int maxAttempts = d.retry().maxAttempts();
                int n = queue.failed(events, claim.token(), reason, d.retry());
                long spent = events.stream().filter(ev -> ev.attempts() >= maxAttempts).count();
                LOG.warnf("Webhook %s: %d events not processed (%s); %s", system, n, reason,
                        spent > 0 ? spent + " spent their " + maxAttempts + " attempts and are marked failed" : "retried later");
                metrics.processed(system, "retried", (int) (n - spent));
                metrics.processed(system, "failed", (int) spent);
            }
        }
        // an event its strategy left unmarked counts as a failed attempt (never an endless loop)
        for (Map.Entry<String, List<StoredEvent>> group : bySystem.entrySet()) {
            WebhookDefinition d = receivers.get(group.getKey()).orElse(null);
            if (d != null) {
                queue.failed(group.getValue(), claim.token(), "not processed by its strategy", d.retry());
            }
        }
    }

    /** Turns a run that did not complete into the failure that retries its events. */
    static void check(RunSummary summary) throws ProcessingFailedException, ShuttingDownException {
        if ("skipped".equals(summary.status()) || "interrupted".equals(summary.status())) {
            throw new ShuttingDownException(summary.message());
        }
        if (summary.failed()) {
            throw new ProcessingFailedException("run " + summary.runId() + " failed: " + summary.error());
        }
    }

    private void refreshBacklog() throws java.sql.SQLException {
        Map<String, Long> now = queue.backlog();
        receivers.all().keySet().forEach(s -> backlog.put(s, now.getOrDefault(s, 0L)));
    }


    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
