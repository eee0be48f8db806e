package dev.caravan.api.upload;

import dev.caravan.config.CaravanConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs upload imports on a small executor (CARAVAN_UPLOAD_WORKERS threads) behind a bounded queue
 * (CARAVAN_UPLOAD_QUEUE). A full queue refuses the task at once; nothing waits on an HTTP thread.
 */
@ApplicationScoped
public class UploadQueue {

    /** Seconds a refused client is told to wait (Retry-After). */
    public static final int RETRY_AFTER_SECONDS = 30;

    private final ThreadPoolExecutor executor;

    @Inject
    public UploadQueue(CaravanConfig config) {
        int workers = Math.max(1, config.upload().workers());
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, config.upload().queue())), r -> {
                    Thread t = new Thread(r, "caravan-upload-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** Queues a task; empty when the queue is full. */
    public <T> Optional<CompletableFuture<T>> offer(Supplier<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    result.complete(task.get());
                } catch (RuntimeException | Error e) {
                    result.completeExceptionally(e);
                }
            });
            return Optional.of(result);
        } catch (RejectedExecutionException full) {
            return Optional.empty();
        }
    }

    /** No room for another task (a hint: {@link #offer} decides). */
    public boolean isFull() {
        return executor.getQueue().remainingCapacity() == 0;
    }

    /** Tasks waiting for a worker. */
    public int waiting() {
        return executor.getQueue().size();
    }

    /** Nothing running or waiting. */
    public boolean idle() {
        return executor.getActiveCount() == 0 && executor.getQueue().isEmpty();
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
