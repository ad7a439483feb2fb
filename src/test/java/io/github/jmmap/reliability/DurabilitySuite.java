package io.github.jmmap.reliability;

import io.github.jmmap.Access;
import io.github.jmmap.CreatePolicy;
import io.github.jmmap.MemoryMap;
import io.github.jmmap.conformance.BackendDisplayNames;
import io.github.jmmap.conformance.MapTestSupport;
import io.github.jmmap.interop.Peers;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nothing is lost: a child JVM writes and flushes, then is killed with SIGKILL, and the data is in
 * the file (or the named map); a COPY map leaves the file byte-identical even so. One concrete
 * subclass per backend.
 */
@DisplayNameGeneration(BackendDisplayNames.class)
public abstract class DurabilitySuite extends MapTestSupport {

    /** Runs a child that prints "ready" after its commands and then sleeps, and kills it with SIGKILL. */
    private void killAfterReady(String... commands) throws Exception {
        String[] all = java.util.Arrays.copyOf(commands, commands.length + 2);
        all[commands.length] = "ready";
        all[commands.length + 1] = "sleep";
        try (Peers.Peer child = Peers.start(Peers.java(all))) {
            child.await("ready");
            child.process().destroyForcibly();         // SIGKILL on POSIX
            assertTrue(child.process().waitFor(30, TimeUnit.SECONDS));
            if (!System.getProperty("os.name").startsWith("Windows")) {
                assertEquals(128 + 9, child.process().exitValue(), "the child should die of SIGKILL");
            }
        }
    }

    @Test
    void durability_flushedWritesSurviveSigkill() throws Exception {
        Path p = file(new byte[3 * 4096]);
        byte[] a = random(1000, 1);
        byte[] b = random(3000, 2);
        killAfterReady("open-file", backend().name(), p.toString(), "WRITE",
                "write", "0", HexFormat.of().formatHex(a), "write", "5000", HexFormat.of().formatHex(b), "flush");
        byte[] expected = new byte[3 * 4096];
        System.arraycopy(a, 0, expected, 0, a.length);
        System.arraycopy(b, 0, expected, 5000, b.length);
        assertArrayEquals(expected, Files.readAllBytes(p));
    }

    @Test
    void durability_namedMapWritesSurviveSigkill() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(backend() != io.github.jmmap.Backend.JAVA
                || Files.isDirectory(Path.of("/dev/shm")), "the JAVA backend has named maps only with /dev/shm");
        String t = tagname("durable");
        byte[] a = random(2000, 3);
        killAfterReady("open-name", backend().name(), t, "CREATE_NEW", "WRITE", "8192",
                "write", "100", HexFormat.of().formatHex(a), "flush");
        try (MemoryMap m = MemoryMap.anonymous(0, opts().tagname(t).createPolicy(CreatePolicy.OPEN_EXISTING)
                .access(Access.READ).build())) {
            assertEquals(namedSize(8192), m.length());
            assertArrayEquals(a, m.get(100, 2100));
        }
    }

    @Test
    void durability_copyMapLeavesTheFileByteIdenticalEvenWhenKilled() throws Exception {
        Path p = patternFile(2 * 4096);
        FileTime before = Files.getLastModifiedTime(p);
        killAfterReady("open-file", backend().name(), p.toString(), "COPY",
                "write", "0", HexFormat.of().formatHex(random(2 * 4096, 4)), "flush", "read", "0", "4");
        assertArrayEquals(pattern(2 * 4096), Files.readAllBytes(p));
        assertEquals(before, Files.getLastModifiedTime(p));
    }
}
