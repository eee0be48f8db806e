package dev.caravan.warehouse;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Source bookkeeping that must commit with a batch (a sync's watermark, the keys a full sync has
 * seen, held rows retried by the batch), written in the batch's own transaction.
 */
@FunctionalInterface
public interface BatchCheckpoint {

    void save(Connection c, Batch batch) throws SQLException;
}
