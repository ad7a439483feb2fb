package io.github.jmmap.interop;

import io.github.jmmap.Access;
import io.github.jmmap.Backend;
import io.github.jmmap.CreatePolicy;
import io.github.jmmap.MemoryMap;
import io.github.jmmap.conformance.BackendDisplayNames;
import io.github.jmmap.conformance.MapTestSupport;
import io.github.jmmap.conformance.SuiteSummary;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The proof that the atomics coordinate processes: N processes (this JVM, {@value #JVMS} child
 * JVMs and, where it builds, the C peer with {@code __atomic_fetch_add}) each add 1 to one counter
 * {@value #M} times through one shared map, all at once after a start flag; the total must be
 * exactly N x M. Through a file map and through a tagname map; and at scale, {@value #SCALE_PROCESSES}
 * processes (child JVMs and the C peer) x {@value #SCALE_M} through a tagname map, with the time
 * per add. The race itself is {@link CounterRace}. One concrete subclass per backend.
 */
@DisplayNameGeneration(BackendDisplayNames.class)
public abstract class CounterSuite extends MapTestSupport {
    static final int JVMS = 4;
    static final int M = 100_000;
    static final int SCALE_PROCESSES = 16;
    static final int SCALE_M = 1_000_000;

    @AfterAll
    static void summary(TestInfo info) {
        SuiteSummary.print(info);
    }

    @Test
    void counter_nProcessesAddingThroughOneFileMapLoseNoUpdate() throws Exception {
        Path p = file(new byte[4096]);
        MemoryMap m = open(p, Access.WRITE);
        count(m, "file", CounterRace.filePeers(backend(), p), JVMS, true, M);
        assertEquals(m.getLongVolatile(CounterRace.COUNTER), java.nio.ByteBuffer.wrap(Files.readAllBytes(p))
                .order(MemoryMap.byteOrder()).getLong(CounterRace.COUNTER), "the file holds the same total");
    }

    @Test
    void counter_nProcessesAddingThroughOneTagnameMapLoseNoUpdate() throws Exception {
        String t = namedTagname("counter");
        count(namedMap(t), "tagname", CounterRace.tagnamePeers(backend(), t), JVMS, true, M);
    }

    /**
     * Issue 11's scale case: 15 child JVMs and the C peer (16 child JVMs where it does not build)
     * add a million times each, this JVM only starting them; exactly 16,000,000, and the time per
     * add in the summary.
     */
    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void counter_sixteenProcessesAddingAMillionTimesThroughOneTagnameMapMakeExactlySixteenMillion() throws Exception {
        String t = namedTagname("counter16");
        int jvms = Peers.cUnavailableReason() == null ? SCALE_PROCESSES - 1 : SCALE_PROCESSES;
        CounterRace.Result r = count(namedMap(t), "tagname, at scale", CounterRace.tagnamePeers(backend(), t), jvms,
                false, SCALE_M);
        assertEquals(SCALE_PROCESSES, r.who().size(), r.who().toString());
        assertEquals((long) SCALE_PROCESSES * SCALE_M, r.total());
    }

    /** A tagname unlinked after the test; skips the test where the backend has no named maps. */
    private String namedTagname(String base) {
        assumeTrue(backend() != Backend.JAVA || Files.isDirectory(Path.of("/dev/shm")),
                "the JAVA backend has named maps only with /dev/shm");
        return tagname(base);
    }

    private MemoryMap namedMap(String tagname) throws IOException {
        return track(MemoryMap.anonymous(4096, opts().tagname(tagname).createPolicy(CreatePolicy.CREATE_NEW).build()));
    }

    private CounterRace.Result count(MemoryMap m, String what, CounterRace.Peering peering, int jvms,
                                     boolean thisJvmAdds, long adds) throws Exception {
        CounterRace.Result r = CounterRace.run(m, jvms, thisJvmAdds, adds, peering);
        if (r.withoutC() != null) {
            SuiteSummary.add(getClass(), "counter: without the C peer: " + r.withoutC());
        }
        assertEquals(r.expected(), r.total(), "lost updates among " + r.who());
        SuiteSummary.add(getClass(), "counter (" + what + "): " + r.describe());
        return r;
    }
}
