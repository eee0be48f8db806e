package dev.caravan.run;

/** A run stopped at a batch boundary because the process is shutting down (SIGTERM). */
public class RunInterruptedException extends RuntimeException {

    public RunInterruptedException(String reason) {
        super(reason);
    }
}
