package dev.caravan.warehouse;

/** The warehouse databases Caravan writes to; the vendor is read from the JDBC URL at run time. */
public enum Vendor {
    H2("h2", "org.h2.Driver"), POSTGRESQL("postgresql", "org.postgresql.Driver");

    private final String id;
    private final String driverClass;

    Vendor(String id, String driverClass) {
        this.id = id;
        this.driverClass = driverClass;
    }

    public String driverClass() {
        return driverClass;
    }

    /** The folder name of the vendor's own migrations (db/migration/ID). */
    public String id() {
        return id;
    }

    public static Vendor fromUrl(String url) {
        if (url.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("Unsupported warehouse URL " + url.replaceAll("password=[^&;]*", "password=***")
                + " (expected jdbc:h2:… or jdbc:postgresql:…)");
    }
}
