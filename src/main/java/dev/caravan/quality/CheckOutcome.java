package dev.caravan.quality;

import java.util.List;

/**
 * What one check found: whether it held, the observed value (a count, a share 0–1, an age in hours),
 * the threshold it was held to, up to 20 keys of offending rows and a one-line message.
 */
public record CheckOutcome(boolean held, Double observed, String threshold, List<String> sampleKeys, String message) {

    public static final int MAX_SAMPLES = 20;

    public CheckOutcome {
        sampleKeys = sampleKeys == null ? List.of() : List.copyOf(sampleKeys.subList(0, Math.min(MAX_SAMPLES, sampleKeys.size())));
    }
}
