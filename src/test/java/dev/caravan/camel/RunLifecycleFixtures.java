package dev.caravan.camel;

import dev.caravan.testing.Sql;
import dev.caravan.warehouse.Warehouse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Runs and claims as another replica would have left them in the warehouse. */
final class RunLifecycleFixtures {

    private RunLifecycleFixtures() {
    }

    static String sha256(String content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A run marked running by {@code owner}, which last beat {@code silentSeconds} ago; returns its id. */
    static long runningRun(Warehouse w, String owner, int silentSeconds) {
        Sql.exec(w, "INSERT INTO caravan_run (source, object, triggered_by, status, file_name, host, heartbeat_at)"
                + " VALUES ('leadconduit', 'leads', 'inbox', 'running', 'elsewhere.csv', '" + owner + "',"
                + " DATEADD('SECOND', -" + silentSeconds + ", CURRENT_TIMESTAMP))");
        return (Long) Sql.rows(w, "SELECT MAX(id) AS id FROM caravan_run").get(0).get("id");
    }

    static void claim(Warehouse w, String checksum, long runId, int crashes) {
        Sql.exec(w, "INSERT INTO caravan_file_ledger (source, object, file_checksum, run_id, crashes)"
                + " VALUES ('leadconduit', 'leads', '" + checksum + "', " + runId + ", " + crashes + ")");
    }
}
