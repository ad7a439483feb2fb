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
                    assertTrue(e.getMessage().startsWith("FileChannel.map anonymous failed: Map failed; mapping "
                            + length + " bytes"), e.getMessage());
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

    // ------------------------------------------------------------------------------ names

    static final String TOO_LONG = "name must have at most 79 characters (Linux's limit of 80 bytes with the NUL), got 80";

    @Test
    void nameRulesAreLinuxsAndCheckedOnEveryBackendFirst() throws IOException {
        MemoryMap m = track(MemoryMap.anonymous(4096, opts().access(Access.COPY).build()));
        Path p = patternFile(4096);
        MemoryMap f = open(p, Access.WRITE);      // the rules come before "not anonymous"
        String[][] cases = {
                {"", "name must not be empty (null removes a name)"},
                {"x".repeat(80), TOO_LONG},
                {"a$b", "name must be printable ASCII without \\ ` $ [ ] (Linux's rule), got U+0024 at index 1"},
                {"[x", "name must be printable ASCII without \\ ` $ [ ] (Linux's rule), got U+005B at index 0"},
                {"ab\\", "name must be printable ASCII without \\ ` $ [ ] (Linux's rule), got U+005C at index 2"},
                {"t\tb", "name must be printable ASCII without \\ ` $ [ ] (Linux's rule), got U+0009 at index 1"},
                {"caf\u00e9", "name must be printable ASCII without \\ ` $ [ ] (Linux's rule), got U+00E9 at index 3"},
        };
        for (String[] c : cases) {
            assertEquals(c[1], refused(IllegalArgumentException.class, null, m, null, () -> m.setName(c[0])).getMessage());
            assertEquals(c[1], refused(IllegalArgumentException.class, null, f, p, () -> f.setName(c[0])).getMessage());
            assertEquals(c[1], assertThrows(IllegalArgumentException.class, () -> MapOptions.builder().name(c[0]))
                    .getMessage());
        }
        // 79 printable characters, every allowed punctuation among them, pass the rules everywhere
        String longest = "a-b_c.d:e/f(g)h{i}j<k>l=m+n*o&p^q%r#s@t!u?v~w|x'y\"z,0;1 2" + "3".repeat(22);
        assertEquals(79, longest.length());
        assertEquals(longest, MapOptions.builder().name(longest).build().name());
        assertEquals(longest, MapOptions.builder().name(longest).build().toBuilder().build().name());
        assertEquals(null, MapOptions.DEFAULTS.name());
        m.close();
        refused(IllegalStateException.class, "map is closed", null, null, () -> m.setName("late"));
    }

    @Test
    void onlyAnonymousMemoryTakesAName() throws IOException {
        Path p = patternFile(4096);
        MemoryMap f = open(p, Access.WRITE);
        assertEquals("setName() names anonymous memory; this map is a file map (" + p + "), which Linux knows by its"
                + " path", refused(UnsupportedOperationException.class, null, f, p, () -> f.setName("file")).getMessage());
        String t = tagname("vmaname");
        MemoryMap n = track(MemoryMap.anonymous(4096, opts().tagname(t).build()));
        assertEquals("setName() names anonymous memory; this map is a named map (tagname \"" + t + "\"), which Linux"
                + " knows by its path", refused(UnsupportedOperationException.class, null, n, null,
                () -> n.setName("shm")).getMessage());
        String why = " cannot take one (Linux names only anonymous memory: a file or shm object is known by its path)";
        assertEquals("MapOptions.name names anonymous memory; a file map" + why,
                refused(UnsupportedOperationException.class, null, null, p,
                        () -> MemoryMap.open(p, opts().name("file").build())).getMessage());
        assertEquals("MapOptions.name names anonymous memory; a named map (tagname \"" + t + "\")" + why,
                refused(UnsupportedOperationException.class, null, null, null,
                        () -> MemoryMap.anonymous(4096, opts().tagname(t).name("shm").build())).getMessage());
    }

    /** The start of this map's line in /proc/self/maps ({@code start-end}), or null. */
    static String mapsLine(MemoryMap m) throws IOException {
        String start = Long.toHexString(m.segment().address()) + "-";
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            if (line.startsWith(start)) {
                return line;
            }
        }
        return null;
    }

    /** What this platform answers to a valid name for an anonymous map (null: it names the memory). */
    private String refusalHere(Access access) {
        if (backend() == Backend.JAVA) {
            return "setName() needs the NATIVE backend: a JAVA-backend anonymous map is a deleted file in /dev/shm or"
                    + " the temp directory, not anonymous memory, and only anonymous memory takes a name";
        }
        if (Os.current() == Os.WINDOWS) {
            return "naming anonymous memory is a Linux feature (prctl PR_SET_VMA_ANON_NAME) that windows lacks;"
                    + " a tagname names shared memory for other processes instead";
        }
        if (Os.current() != Os.LINUX) {
            return "naming anonymous memory is a Linux feature (prctl PR_SET_VMA_ANON_NAME) that macos lacks";
        }
        return null;
    }

    @Test
    void setNameNamesAnonymousMemoryOrSaysWhyNot() throws IOException {
        for (Access access : new Access[] {Access.COPY, Access.DEFAULT}) {
            MemoryMap m = track(MemoryMap.anonymous(2 * MemoryMap.pageSize(), opts().access(access).build()));
            m.set(0, ascii("kept"));
            String refusal = refusalHere(access);
            String name = "jmmap-beyond:" + access.name().toLowerCase() + "(1)";
            if (refusal != null) {
                assertEquals(refusal, refused(UnsupportedOperationException.class, null, m, null,
                        () -> m.setName(name)).getMessage());
                assertEquals(refusal, refused(UnsupportedOperationException.class, null, null, null,
                        () -> MemoryMap.anonymous(4096, opts().access(access).name(name).build())).getMessage());
                continue;
            }
            String before = mapsLine(m);
            String tag = access == Access.COPY ? "[anon:" : "[anon_shmem:";
            try {
                m.setName(name);
            } catch (UnsupportedOperationException e) {
                String kernel = "this kernel (" + System.getProperty("os.version") + ") refused it: prctl"
                        + " PR_SET_VMA_ANON_NAME failed: ";
                String expected = e.getMessage().contains("EBADF")
                        ? "naming shared anonymous memory needs Linux 6.2 or later (an Access.COPY map, MAP_PRIVATE,"
                        + " can be named since 5.17); " + kernel + "EBADF (9): Bad file descriptor"
                        : "naming anonymous memory needs a Linux kernel 5.17 or later built with CONFIG_ANON_VMA_NAME; "
                        + kernel + "EINVAL (22): Invalid argument";
                assertEquals(expected, e.getMessage());
                assertTrue(access == Access.DEFAULT || !e.getMessage().contains("EBADF"), e.getMessage());
                assertEquals(before, mapsLine(m), "a refused name changed the mapping");
                assertArrayEquals(ascii("kept"), m.get(0, 4));
                assertEquals(expected, assertThrows(UnsupportedOperationException.class,
                        () -> MemoryMap.anonymous(4096, opts().access(access).name(name).build())).getMessage());
                continue;
            }
            assertTrue(mapsLine(m).endsWith(tag + name + "]"), mapsLine(m));
            m.resize(8 * MemoryMap.pageSize());         // a new mapping: jmmap names it again
            assertTrue(mapsLine(m).endsWith(tag + name + "]"), mapsLine(m));
            assertArrayEquals(ascii("kept"), m.get(0, 4));
            m.setName(null);
            assertTrue(!mapsLine(m).contains(name), mapsLine(m));
            try (MemoryMap c = MemoryMap.anonymous(4096, opts().access(access).name("made-" + name).build())) {
                assertTrue(mapsLine(c).endsWith(tag + "made-" + name + "]"), mapsLine(c));
            }
        }
    }
}
