package dev.caravan.pipeline;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caravan.source.RecordReader;
import dev.caravan.source.SourceRecord;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The import pipeline on the embedded default warehouse, H2. */
@QuarkusTest
class H2ImportTest extends AbstractImportTest {

    @Inject
    Pipeline pipeline;

    @Test
    void anErrorThrownWhileReadingBecomesAPipelineFailureNotAnEscape() {
        RecordReader overflowing = new RecordReader() {
            @Override
            public SourceRecord next() {
                throw new StackOverflowError("nested too deep");
            }

            @Override
            public long bytesRead() {
                return 0;
            }

            @Override
            public void close() {
            }
        };
        PipelineFailure failure = assertThrows(PipelineFailure.class, () -> pipeline.run(0, imports.definition("leadconduit",
                "leads"), overflowing, 10, true, ImportProgress.NONE, BatchOptions.FILE, 0));
        assertTrue(failure.getCause() instanceof StackOverflowError, String.valueOf(failure.getCause()));
        assertTrue(ImportService.describe(failure.getCause()).startsWith("StackOverflowError: nested too deep"));
    }
}
