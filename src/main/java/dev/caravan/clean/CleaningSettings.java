package dev.caravan.clean;

import java.time.ZoneId;

/** Run-wide cleaning settings: default phone region and the zone of timestamps without an offset. */
public record CleaningSettings(String defaultRegion, ZoneId sourceZone) {
}
