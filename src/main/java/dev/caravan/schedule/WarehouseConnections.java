package dev.caravan.schedule;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.quartz.utils.ConnectionProvider;

/**
 * Quartz's connections are the warehouse's: borrowed from the application's Agroal pool (no second
 * pool, no credentials of its own). Quartz sets auto-commit off and restores it before it closes a
 * connection, which returns it to the pool. Shutting the scheduler down leaves the pool open.
 */
final class WarehouseConnections implements ConnectionProvider {

    private final DataSource dataSource;

    WarehouseConnections(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public void shutdown() {
        // the pool belongs to the warehouse (warehouse/Warehouse closes it last)
    }

    @Override
    public void initialize() {
        // nothing to open
    }
}
