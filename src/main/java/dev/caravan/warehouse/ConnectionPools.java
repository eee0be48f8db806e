package dev.caravan.warehouse;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

/**
 * Agroal pools as Caravan opens them, for the warehouse and the source databases alike: validated
 * on borrow, broken connections evicted, the JDBC driver named by class (DriverManager does not see
 * drivers across Quarkus class loaders).
 */
public final class ConnectionPools {

    private ConnectionPools() {
    }

    public static AgroalDataSource open(String url, String driverClass, String user, String password, int maxSize,
            boolean readOnly, Map<String, String> jdbcProperties) throws SQLException {
        return AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(pool -> pool
                        .maxSize(maxSize)
                        .acquisitionTimeout(Duration.ofSeconds(30))
                        .validateOnBorrow(true)
                        .connectionValidator(AgroalConnectionPoolConfiguration.ConnectionValidator.defaultValidatorWithTimeout(5))
                        .exceptionSorter(AgroalConnectionPoolConfiguration.ExceptionSorter.fatalExceptionSorter())
                        .connectionFactoryConfiguration(cf -> {
                            cf.jdbcUrl(url)
                                    .connectionProviderClassName(driverClass)
                                    .readOnly(readOnly)
                                    .principal(new NamePrincipal(user))
                                    .credential(new SimplePassword(password));
                            jdbcProperties.forEach(cf::jdbcProperty);
                            return cf;
                        })));
    }
}
