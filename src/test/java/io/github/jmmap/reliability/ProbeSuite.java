package io.github.jmmap.reliability;

import io.github.jmmap.Access;
import io.github.jmmap.Advice;
import io.github.jmmap.Backend;
import io.github.jmmap.MapReadOnlyException;
import io.github.jmmap.MemoryMap;
import io.github.jmmap.conformance.BackendDisplayNames;
import io.github.jmmap.conformance.MapTestSupport;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Findings of an adversarial pass over the java.io/nio faces, the advice rules, named maps and
 * preallocation: each test is a call that once gave a wrong answer or an unclear exception, or
 * differed between the backends. One concrete subclass per backend; both must give the same
 * result, exception type and message.
 */
@DisplayNameGeneration(BackendDisplayNames.class)
public abstract class ProbeSuite extends MapTestSupport {
    private static final int P = (int) MemoryMap.pageSize();

    @Test
    void populateWrite_onAReadOnlyMap_isRefusedAsReadOnly_notAsUnsupported() throws IOException {
        Path f = patternFile(2 * P);
        MemoryMap ro = open(f, Access.READ);
        refused(MapReadOnlyException.class, "madvise(POPULATE_WRITE) is not allowed: Advice.POPULATE_WRITE faults the"
                + " pages in for writing and the map is read-only (opened with Access.READ); nothing was changed", ro, f,
                () -> ro.madvise(Advice.POPULATE_WRITE, 0, P));
        refused(MapReadOnlyException.class, "the map is read-only (opened with Access.READ)", ro, f,
                () -> ro.madvise(Advice.POPULATE_WRITE));
        ro.madvise(Advice.POPULATE_READ, 0, P);     // reading ahead stays allowed
        if (backend() == Backend.NATIVE) {          // protect() is NATIVE's
            MemoryMap w = open(f, Access.WRITE);
            w.protect(Access.READ);
            refused(MapReadOnlyException.class, "madvise(POPULATE_WRITE) is not allowed: Advice.POPULATE_WRITE faults"
                    + " the pages in for writing and the map is read-only (protect(Access.READ)); nothing was changed",
                    w, f, () -> w.madvise(Advice.POPULATE_WRITE, 0, 2 * P));
        }
    }
}
