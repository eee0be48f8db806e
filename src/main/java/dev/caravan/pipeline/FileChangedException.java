package dev.caravan.pipeline;

/** The file was still being written while it was imported: its run is not reported as completed. */
public class FileChangedException extends RuntimeException {

    public FileChangedException(String message) {
        super(message);
    }
}
