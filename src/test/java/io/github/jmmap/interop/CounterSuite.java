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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The proof that the atomics coordinate processes: N processes (this JVM, {@value #JVMS} child
 * JVMs and, where it builds, the C peer with {@code __atomic_fetch_add}) each add 1 to one counter
 * {@value #M} times through one shared map, all at once after a start flag; the total must be
 * exactly N x M. Through a file map and through a tagname map. One concrete subclass per backend.
 */
@DisplayNameGeneration(BackendDisplayNames.class)
public abstract class CounterSuite extends MapTestSupport {
    static final int JVMS = 4;
    static final int M = 100_000;
    static final int COUNTER = 0;     // a long
    static final int GO = 64;         // an int: 0 until every peer is ready

    @AfterAll
    static void summary(TestInfo info) {
        SuiteSummary.print(info);
    }

    @Test
    void counter_nProcessesAddingThroughOneFileMapLoseNoUpdate() throws Exception {
        Path p = file(new byte[4096]);
        MemoryMap m = open(p, Access.WRITE);
        count(m, "file", commands -> Peers.java(concat(List.of("open-file", backend().name(), p.toString(), "WRITE"),
                commands)), commands -> Peers.c("file", p.toString(), commands.toArray(String[]::new)));
        assertEquals(m.getLongVolatile(COUNTER), java.nio.ByteBuffer.wrap(Files.readAllBytes(p))
                .order(MemoryMap.byteOrder()).getLong(COUNTER), "the file holds the same total");
    }

    @Test
    void counter_nProcessesAddingThroughOneTagnameMapLoseNoUpdate() throws Exception {
        assumeTrue(backend() != Backend.JAVA || Files.isDirectory(Path.of("/dev/shm")),
                "the JAVA backend has named maps only with /dev/shm");
        String t = tagname("counter");
        MemoryMap m = track(MemoryMap.anonymous(4096, opts().tagname(t).createPolicy(CreatePolicy.CREATE_NEW).build()));
        count(m, "tagname", commands -> Peers.java(concat(List.of("open-name", backend().name(), t, "OPEN_EXISTING",
                "WRITE", "0"), commands)), commands -> Peers.c("shm", t, commands.toArray(String[]::new)));
    }

    private static String[] concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all.toArray(String[]::new);
    }

    private void count(MemoryMap m, String what, Function<List<String>, List<String>> java,
                       Function<List<String>, List<String>> c) throws Exception {
        List<String> commands = List.of("ready", "await", String.valueOf(GO), "add", String.valueOf(COUNTER),
                String.valueOf(M));
        List<Peers.Peer> peers = new ArrayList<>();
        List<String> who = new ArrayList<>(List.of("this JVM"));
        try {
            for (int i = 0; i < JVMS; i++) {
                peers.add(Peers.start(java.apply(commands)));
                who.add("JVM " + (i + 1));
            }
            String noC = Peers.cUnavailableReason();
            if (noC == null) {
                peers.add(Peers.start(c.apply(commands)));
                who.add("C");
            } else {
                SuiteSummary.add(getClass(), "counter: without the C peer: " + noC);
            }
            for (Peers.Peer peer : peers) {
                peer.await("ready");
            }
            m.setIntVolatile(GO, 1);                   // all add at once
            for (int i = 0; i < M; i++) {
                m.getAndAddLong(COUNTER, 1);
            }
            for (Peers.Peer peer : peers) {
                Peers.Result r = peer.finish().ok();
                assertEquals("added " + M, r.line("added "));
            }
        } finally {
            peers.forEach(Peers.Peer::close);
        }
        long n = who.size();
        assertEquals(n * M, m.getLongVolatile(COUNTER), "lost updates among " + who);
        SuiteSummary.add(getClass(), String.format("counter (%s): %d processes (%s) x %,d adds = %,d exactly", what, n,
                String.join(", ", who), M, n * M));
    }
}
