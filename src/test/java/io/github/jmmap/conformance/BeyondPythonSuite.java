package io.github.jmmap.conformance;

import io.github.jmmap.Access;
import io.github.jmmap.Backend;
import io.github.jmmap.FlushMode;
import io.github.jmmap.MapOptions;
import io.github.jmmap.MemoryMap;
import io.github.jmmap.internal.Os;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What jmmap takes from CPython 3.15 and memmap2 beyond Python's mmap today: flush modes
 * ({@code flush(flags=MS_ASYNC|MS_SYNC|MS_INVALIDATE)}), names for anonymous memory
 * ({@code mmap.set_name}, Linux's PR_SET_VMA_ANON_NAME) and {@code MapOptions.noReserve}
 * (MAP_NORESERVE). One concrete subclass per backend.
 */
@org.junit.jupiter.api.DisplayNameGeneration(BackendDisplayNames.class)
public abstract class BeyondPythonSuite extends MapTestSupport {

    private boolean nativeOn(Os os) {
        return backend() == Backend.NATIVE && Os.current() == os;
    }

    // ------------------------------------------------------------------------------ flush modes

    @Test
    void syncAndAsyncFlushWriteTheFile() throws IOException {
        Path p = patternFile(3 * 4096);
        MemoryMap m = open(p, Access.WRITE);
        m.set(10, ascii("sync"));
        m.flush(10, 4, FlushMode.SYNC);
        m.set(5000, ascii("async"));
        m.flush(4999, 7, FlushMode.ASYNC);
        m.set(9000, ascii("whole"));
        m.flush(FlushMode.ASYNC);
        m.flush(FlushMode.SYNC);
        byte[] file = Files.readAllBytes(p);
        assertArrayEquals(ascii("sync"), java.util.Arrays.copyOfRange(file, 10, 14));
        assertArrayEquals(ascii("async"), java.util.Arrays.copyOfRange(file, 5000, 5005));
        assertArrayEquals(ascii("whole"), java.util.Arrays.copyOfRange(file, 9000, 9005));
    }

    @Test
    void everyModeIsANoOpOnReadCopyAndAnonymousMaps() throws IOException {
        Path p = patternFile(4096);
        for (MemoryMap m : new MemoryMap[] {open(p, Access.READ), open(p, Access.COPY), anonymous(4096)}) {
            for (FlushMode mode : FlushMode.values()) {
                if (mode == FlushMode.INVALIDATE && !invalidateSupported()) {
                    continue;
                }
                m.flush(mode);
                m.flush(0, 1, mode);
            }
        }
        assertArrayEquals(pattern(4096), Files.readAllBytes(p));
    }

    /** INVALIDATE: msync(MS_SYNC | MS_INVALIDATE) on Linux and macOS; refused on Windows and by JAVA. */
    private boolean invalidateSupported() {
        return backend() == Backend.NATIVE && Os.current() != Os.WINDOWS;
    }

    @Test
    void invalidateWritesTheFileWhereTheOsHasIt() throws IOException {
        assumeTrue(invalidateSupported(), "INVALIDATE is refused on this backend/OS (tested below)");
        Path p = patternFile(2 * 4096);
        MemoryMap m = open(p, Access.WRITE);
        m.set(4100, ascii("inval"));
        m.flush(4100, 5, FlushMode.INVALIDATE);
        m.flush(FlushMode.INVALIDATE);
        assertArrayEquals(ascii("inval"), java.util.Arrays.copyOfRange(Files.readAllBytes(p), 4100, 4105));
    }

    @Test
    void invalidateIsRefusedOnEveryMapWhereTheBackendCannotHonourIt() throws IOException {
        assumeTrue(!invalidateSupported(), "INVALIDATE is supported here (tested above)");
        String message = backend() == Backend.JAVA
                ? "FlushMode.INVALIDATE is not supported by the JAVA backend: the JDK can only force"
                + " (MappedByteBuffer.force / MemorySegment.force), not msync(MS_INVALIDATE); use Backend.NATIVE"
                : "FlushMode.INVALIDATE is not supported on windows: FlushViewOfFile has no counterpart of"
                + " msync(MS_INVALIDATE) (views of one file share its pages); use SYNC";
        Path p = patternFile(4096);
        for (MemoryMap m : new MemoryMap[] {open(p, Access.WRITE), open(p, Access.READ), anonymous(4096)}) {
            UnsupportedOperationException e = refused(UnsupportedOperationException.class, null, m, p,
                    () -> m.flush(0, 10, FlushMode.INVALIDATE));
            assertEquals(message, e.getMessage());
            e = refused(UnsupportedOperationException.class, null, m, p, () -> m.flush(FlushMode.INVALIDATE));
            assertEquals(message, e.getMessage());
        }
    }

    @Test
    void linuxInvalidateOfALockedRangeIsEbusy() throws IOException {
        assumeTrue(nativeOn(Os.LINUX), "Linux's msync refuses MS_INVALIDATE on mlocked pages (EBUSY)");
        Path p = patternFile(4096);
        MemoryMap m = open(p, Access.WRITE);
        m.lock();
        IOException e = refused(IOException.class, null, m, p, () -> m.flush(0, 4096, FlushMode.INVALIDATE));
        assertEquals("msync " + p + " failed: EBUSY (16): Device or resource busy", e.getMessage());
        m.flush(0, 4096, FlushMode.SYNC);     // SYNC of the same locked range is fine
        m.unlock();
        m.flush(0, 4096, FlushMode.INVALIDATE);
    }

    @Test
    void flushModeArgumentsAreCheckedInOrder() throws IOException {
        Path p = patternFile(4096);
        MemoryMap m = open(p, Access.WRITE);
        NullPointerException npe = refused(NullPointerException.class, null, m, p, () -> m.flush(0, 1, null));
        assertEquals("mode", npe.getMessage());
        npe = refused(NullPointerException.class, null, m, p, () -> m.flush((FlushMode) null));
        assertEquals("mode", npe.getMessage());
        // the range before the mode's support: the same exception on every backend
        refused(IndexOutOfBoundsException.class, "flush range", m, p, () -> m.flush(0, 4097, FlushMode.INVALIDATE));
        refused(IndexOutOfBoundsException.class, "flush range", m, p, () -> m.flush(-1, 1, FlushMode.SYNC));
        m.close();
        refused(IllegalStateException.class, "map is closed", null, p, () -> m.flush(0, 1, null));
        refused(IllegalStateException.class, "map is closed", null, p, () -> m.flush(FlushMode.SYNC));
    }

    // ------------------------------------------------------------------------------ noReserve

    /** MemTotal + SwapTotal from /proc/meminfo, in bytes. */
    static long ramPlusSwap() throws IOException {
        long kib = 0;
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:") || line.startsWith("SwapTotal:")) {
                kib += Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return kib * 1024;
    }

    /** vm.overcommit_memory: 0 heuristic, 1 always, 2 strict (MAP_NORESERVE ignored). */
    static int overcommitMode() throws IOException {
        return Integer.parseInt(Files.readString(Path.of("/proc/sys/vm/overcommit_memory")).trim());
    }

    @Test
    void noReserveMapsMoreAnonymousMemoryThanRamPlusSwap() throws IOException {
        assumeTrue(Os.current() == Os.LINUX, "reads /proc/meminfo and vm.overcommit_memory (Linux)");
        int mode = overcommitMode();
        assumeTrue(mode != 2, "vm.overcommit_memory is 2 (strict accounting): the kernel ignores MAP_NORESERVE");
        long page = MemoryMap.pageSize();
        long length = (ramPlusSwap() + (1L << 30)) / page * page;
        for (Access access : new Access[] {Access.COPY, Access.DEFAULT}) {
            if (backend() == Backend.NATIVE && mode == 0) {
                // the heuristic refuses one reservation larger than RAM + swap: what noReserve avoids
                IOException e = assertThrows(IOException.class,
                        () -> MemoryMap.anonymous(length, opts().access(access).build()).close(), access.name());
                assertTrue(e.getMessage().contains("ENOMEM"), e.getMessage());
            }
            if (backend() == Backend.JAVA && access == Access.COPY) {
                // FileChannel.map(PRIVATE) reserves swap for its private pages and takes no MAP_NORESERVE
                if (mode == 0) {
                    IOException e = assertThrows(IOException.class, () -> MemoryMap.anonymous(length,
                            opts().access(access).noReserve(true).build()).close());
                    assertEquals("Map failed", e.getMessage());
                }
                continue;
            }
            try (MemoryMap m = MemoryMap.anonymous(length, opts().access(access).noReserve(true).build())) {
                assertEquals(length, m.length());
                for (long at : new long[] {0, length / 2, length - 1}) {
                    assertEquals(0, m.get(at));
                    m.set(at, (byte) 7);
                    assertEquals(7, m.get(at));
                }
            }
        }
    }

    @Test
    void noReserveIsKeptByToBuilderAndDefaultsToFalse() {
        assertEquals(false, MapOptions.DEFAULTS.noReserve());
        MapOptions o = opts().noReserve(true).build();
        assertTrue(o.noReserve());
        assertTrue(o.toBuilder().build().noReserve());
        assertEquals(false, new MapOptions(Access.READ, 0, 0, null, io.github.jmmap.CreatePolicy.OPEN_OR_CREATE,
                Backend.AUTO, true, false, false).noReserve());
    }
}
