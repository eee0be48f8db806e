package dev.caravan.cli;

import org.eclipse.microprofile.config.ConfigProvider;
import picocli.CommandLine;

/** {@code caravan --version}: Caravan's version and the versions it runs on. */
public class CaravanVersion implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = ConfigProvider.getConfig().getOptionalValue("quarkus.application.version", String.class).orElse("unknown");
        return new String[] {"caravan " + version,
            "Quarkus " + of(io.quarkus.runtime.Application.class) + ", Camel " + of(org.apache.camel.CamelContext.class)
                + ", Java " + Runtime.version()};
    }

    private static String of(Class<?> type) {
        String v = type.getPackage() == null ? null : type.getPackage().getImplementationVersion();
        return v == null ? "(unknown)" : v;
    }
}
