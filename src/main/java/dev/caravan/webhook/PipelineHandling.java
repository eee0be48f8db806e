package dev.caravan.webhook;

import dev.caravan.config.CaravanConfig;
import dev.caravan.definition.DefinitionRegistry;
import dev.caravan.definition.ObjectDefinition;
import dev.caravan.pipeline.RunSummary;
import dev.caravan.source.RecordReader;
import dev.caravan.source.SourceRecord;
import dev.caravan.source.file.ReadLimits;
import dev.caravan.source.file.Sources;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code process: {type: pipeline, object: OBJECT}}: each event is one record of the object (a
 * LeadConduit lead, a form submission), cleaned and upserted by the pipeline like a line of a JSON
 * file; rejects keep the event's payload with the reason. One run per claim.
 */
@ApplicationScoped
@Named("pipeline")
public class PipelineHandling implements EventHandling {

    private final DefinitionRegistry definitions;
    private final WebhookRun run;
    private final ReadLimits limits;

    @Inject
    public PipelineHandling(DefinitionRegistry definitions, WebhookRun run, CaravanConfig config) {
        this.definitions = definitions;
        this.run = run;
        this.limits = ReadLimits.of(config.limits());
    }

    @Override
    public void handle(WebhookDefinition d, List<StoredEvent> events, String token) throws Exception {
        ObjectDefinition object = object(d);
        StringBuilder lines = new StringBuilder();
        for (StoredEvent e : events) {
            lines.append(e.payload().replace('\n', ' ')).append('\n');
        }
        RunSummary summary = run.run(object, d.system(), events.size(), new WebhookRun.Records() {
            @Override
            public RecordReader reader() throws java.io.IOException {
                return Sources.jsonLines(lines.toString(), object, limits);
            }

            @Override
            public WebhookRun.Marks marks(List<SourceRecord> batch) {
                List<Long> ids = new ArrayList<>(batch.size());
                for (SourceRecord r : batch) {
                    int i = (int) r.line() - 1;
                    if (i >= 0 && i < events.size()) {
                        ids.add(events.get(i).id());
                    }
                }
                return new WebhookRun.Marks(ids, null);
            }
        }, token, null);
        WebhookProcessor.check(summary);
    }

    /** The receiver's object: OBJECT of its own system, or SYSTEM/OBJECT. */
    ObjectDefinition object(WebhookDefinition d) {
        String name = d.objects().values().iterator().next();
        String system = name.contains("/") ? name.substring(0, name.indexOf('/')) : d.system();
        String object = name.contains("/") ? name.substring(name.indexOf('/') + 1) : name;
        return definitions.find(system, object).orElseThrow(() -> new IllegalStateException("webhook " + d.system()
                + ": process.object " + name + " has no definition"));
    }
}
