package dev.caravan.cli;

import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;

/** The same command-line tests against the packaged application, run as a real process. */
@QuarkusMainIntegrationTest
class ImportCommandIT extends ImportCommandTest {

    @Override
    boolean logsShareStdout() {
        return false;
    }
}
