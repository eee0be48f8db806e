package dev.caravan.camel;

import dev.caravan.definition.DefinitionRegistry;
import dev.caravan.definition.ObjectDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.File;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.component.file.GenericFile;

/**
 * Orders the files found in one poll of the drop folders so parents load before children
 * (crm/companies before crm/contacts before crm/opportunities…), then oldest first. A whole export
 * dropped at once therefore resolves its foreign keys.
 */
@ApplicationScoped
@Named("inboxOrder")
public class InboxOrder implements Comparator<GenericFile<File>> {

    private final Map<String, Integer> depth = new HashMap<>();

    @Inject
    public InboxOrder(DefinitionRegistry definitions) {
        for (ObjectDefinition d : definitions.all()) {
            depth.put(d.system() + "/" + d.object(), definitions.dependencyDepth(d));
        }
    }

    @Override
    public int compare(GenericFile<File> a, GenericFile<File> b) {
        int byDepth = Integer.compare(rank(a), rank(b));
        if (byDepth != 0) {
            return byDepth;
        }
        int byTime = Long.compare(a.getLastModified(), b.getLastModified());
        return byTime != 0 ? byTime : a.getRelativeFilePath().compareTo(b.getRelativeFilePath());
    }

    private int rank(GenericFile<File> f) {
        String rel = f.getRelativeFilePath().replace('\\', '/');
        int last = rel.lastIndexOf('/');
        return last < 0 ? 0 : depth.getOrDefault(rel.substring(0, last), 0);
    }
}
