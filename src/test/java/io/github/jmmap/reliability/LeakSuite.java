package io.github.jmmap.reliability;

import io.github.jmmap.Access;
import io.github.jmmap.CreatePolicy;
import io.github.jmmap.MemoryMap;
import io.github.jmmap.conformance.BackendDisplayNames;
import io.github.jmmap.conformance.MapTestSupport;
import io.github.jmmap.conformance.SuiteSummary;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Open/close cycles of file, anonymous and named maps leave the number of open descriptors
 * ({@code /proc/self/fd}) and of mappings ({@code /proc/self/maps}) where they started. Linux
 * only: it reads /proc. {@value #DEFAULT_CYCLES} cycles per kind in CI
 * ({@code -Djmmap.leak.cycles=N} for more). One concrete subclass per backend.
 */
@DisplayNameGeneration(BackendDisplayNames.class)
@EnabledOnOs(value = OS.LINUX, disabledReason = "counts entries of /proc/self/fd and /proc/self/maps")
public abstract class LeakSuite extends MapTestSupport {
    static final int DEFAULT_CYCLES = 100_000;
    static final int CYCLES = Integer.getInteger("jmmap.leak.cycles", DEFAULT_CYCLES);
    static final int WARM_UP = 2_000;

    enum Kind { FILE, ANONYMOUS, NAMED }

    @AfterAll
    static void summary(TestInfo info) {
        SuiteSummary.print(info);
    }

    @ParameterizedTest(name = "{displayName} {0}")
    @EnumSource(Kind.class)
    void leaks_openCloseCyclesLeaveDescriptorsAndMappingsAsTheyWere(Kind kind) throws IOException {
        assumeTrue(kind != Kind.NAMED || backend() != io.github.jmmap.Backend.JAVA
                || Files.isDirectory(Path.of("/dev/shm")), "the JAVA backend has named maps only with /dev/shm");
        Path file = patternFile(3 * 4096);
        String tagname = tagname("leak");
        cycles(kind, file, tagname, WARM_UP);                    // class loading, JIT, first-time allocations
        long fds = descriptors();
        List<String> maps = mappings();
        long t0 = System.nanoTime();
        cycles(kind, file, tagname, CYCLES);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long fdsAfter = descriptors();
        List<String> mapsAfter = mappings();
        SuiteSummary.add(getClass(), String.format("leaks %s: %,d open/close cycles in %.1f s; descriptors %d -> %d,"
                + " mappings %d -> %d", kind, CYCLES, seconds, fds, fdsAfter, maps.size(), mapsAfter.size()));
        assertEquals(fds, fdsAfter, "open descriptors before and after " + CYCLES + " cycles");
        // jmmap's own mappings (the file, /dev/shm objects, /dev/zero of shared anonymous memory) exactly
        assertEquals(ours(maps, file), ours(mapsAfter, file), "jmmap's mappings before and after");
        assertEquals(0, ours(mapsAfter, file).size(), "no jmmap mapping left: " + ours(mapsAfter, file));
        // all mappings: the JVM itself may map or unmap a few regions meanwhile (GC heap regions,
        // code cache, thread stacks, malloc arenas); a leak of one per cycle would be thousands
        assertTrue(Math.abs(mapsAfter.size() - maps.size()) <= 16,
                "mappings " + maps.size() + " -> " + mapsAfter.size() + " after " + CYCLES + " cycles");
    }

    private void cycles(Kind kind, Path file, String tagname, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            MemoryMap m = switch (kind) {
                case FILE -> MemoryMap.open(file, opts(Access.WRITE));
                case ANONYMOUS -> MemoryMap.anonymous(4096, opts().build());
                case NAMED -> MemoryMap.anonymous(4096, opts().tagname(tagname)
                        .createPolicy(CreatePolicy.CREATE_NEW).build());
            };
            m.set(i & 4095, (byte) i);
            m.close();
            if (kind == Kind.NAMED) {
                MemoryMap.unlinkNamed(tagname, backend());
            }
        }
    }

    private static long descriptors() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    private static List<String> mappings() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/maps"));
    }

    private static List<String> ours(List<String> maps, Path file) {
        String name = file.getFileName().toString();
        return maps.stream().filter(l -> l.contains(name) || l.contains("/dev/shm/") || l.contains("/dev/zero")
                || l.contains("jmmap")).toList();
    }
}
