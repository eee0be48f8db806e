package dev.caravan.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * No API tokens (local mode: HTTP on loopback, loopback requests act as operator) and the embedded
 * H2 warehouse in mixed mode (AUTO_SERVER=TRUE, as the default URL), to check what listens where.
 */
public class LocalModeProfile implements QuarkusTestProfile {

    public static final String H2_DIR = "target/test-h2-local";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("caravan.api.tokens", "",
                "caravan.warehouse.url", "jdbc:h2:file:./" + H2_DIR + "/caravan-${quarkus.uuid};AUTO_SERVER=TRUE",
                "caravan.inbox.root", "target/test-inbox-local", "caravan.upload-dir", "target/test-uploads-local");
    }

    @Override
    public String getConfigProfile() {
        return "test";
    }
}
