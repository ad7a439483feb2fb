package io.github.jmmap.conformance;

import io.github.jmmap.Access;
import io.github.jmmap.Backend;
import io.github.jmmap.CreatePolicy;
import io.github.jmmap.MapOptions;
import io.github.jmmap.MemoryMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What only Windows does: tagnames on file maps, names that live as long as a handle, named
 * objects of fixed size, and CPython's Windows resize cases.
 */
@BackendUnderTest(Backend.NATIVE)
@EnabledOnOs(OS.WINDOWS)
class WindowsNativeTest extends MapTestSupport {
    static final long PAGE = 4096;

    private MemoryMap named(String tagname, long length, CreatePolicy policy, Access access) throws IOException {
        return track(MemoryMap.anonymous(length, opts().tagname(tagname).createPolicy(policy).access(access).build()));
    }

    private MemoryMap namedFile(Path p, String tagname, CreatePolicy policy, Access access) throws IOException {
        return track(MemoryMap.open(p, opts().tagname(tagname).createPolicy(policy).access(access).build()));
    }

    @Test
    void allocationGranularityIs64KiB() {
        assertEquals(65536, MemoryMap.allocationGranularity());
        assertEquals(4096, MemoryMap.pageSize());
    }

    @Test
    void tagname_aFileMapIsOpenedByItsNameAsNamedMemory() throws IOException {
        Path p = patternFile(100);
        String t = tagname("file");
        MemoryMap f = namedFile(p, t, CreatePolicy.OPEN_OR_CREATE, Access.WRITE);
        assertEquals(t, f.tagname());
        MemoryMap byName = named(t, 0, CreatePolicy.OPEN_EXISTING, Access.WRITE);
        assertEquals(100, byName.length(), "the section's exact size: bytes past 100 would never reach the file");
        assertArrayEquals(pattern(100), byName.get(0, 100));
        byName.set(0, (byte) 42);
        assertEquals(42, f.get(0));
        f.flush();
        assertEquals(42, Files.readAllBytes(p)[0]);
        byName.set(1, (byte) 43);
        byName.flush();                           // FlushViewOfFile: a named map of a file's object is flushed too
        assertEquals(43, Files.readAllBytes(p)[1]);
        // recreated in the pagefile, later writes would silently stop reaching the file
        IOException e = assertThrows(IOException.class, () -> byName.resize(200));
        assertTrue(e.getMessage().startsWith("cannot resize tagname \"" + t + "\": a file backs this mapping object"),
                e.getMessage());
        assertEquals(100, byName.length());
        byName.set(2, (byte) 44);
        assertEquals(44, f.get(2));
    }

    /** CPython lets the name win and shows the first file's memory; jmmap refuses, naming the tagname. */
    @Test
    void tagname_fileMapsOfOneFileShareTheNameAndAnotherFileIsRefused() throws IOException {
        Path p = patternFile(100);
        Path q = patternFile(100);
        String t = tagname("same");
        MemoryMap a = namedFile(p, t, CreatePolicy.CREATE_NEW, Access.WRITE);
        MemoryMap b = namedFile(p, t, CreatePolicy.OPEN_OR_CREATE, Access.WRITE);
        a.set(1, (byte) 9);
        assertEquals(9, b.get(1));
        IOException e = assertThrows(IOException.class, () -> namedFile(q, t, CreatePolicy.OPEN_OR_CREATE,
                Access.WRITE));
        assertTrue(e.getMessage().startsWith("tagname \"" + t + "\" names an existing mapping object of another file ("),
                e.getMessage());
        assertTrue(e.getMessage().contains(", not of " + q + " ("), e.getMessage());
        MemoryMap c = namedFile(q, tagname("other"), CreatePolicy.CREATE_NEW, Access.WRITE);
        assertEquals(pattern(2)[1], c.get(1), "a different name maps q itself");
    }

    @Test
    void tagname_anObjectTooSmallForTheFileMapIsRefusedNamingIt() throws IOException {
        Path p = patternFile(100);
        Path big = patternFile(10_000);
        String t = tagname("small");
        namedFile(p, t, CreatePolicy.CREATE_NEW, Access.WRITE);
        IOException e = assertThrows(IOException.class, () -> namedFile(big, t, CreatePolicy.OPEN_OR_CREATE,
                Access.WRITE));
        assertEquals("tagname \"" + t + "\" names an existing mapping object of 100 bytes; mapping " + big
                + " needs offset + length = 10000 bytes", e.getMessage());
    }

    @Test
    void tagname_ofPagefileMemoryIsNotTakenForAFile() throws IOException {
        String t = tagname("pagefile");
        named(t, PAGE, CreatePolicy.CREATE_NEW, Access.WRITE);
        Path p = patternFile(100);
        IOException e = assertThrows(IOException.class, () -> namedFile(p, t, CreatePolicy.OPEN_OR_CREATE,
                Access.WRITE));
        assertEquals("tagname \"" + t + "\" names an existing mapping object that is not backed by a file (pagefile"
                + " memory), not one of " + p, e.getMessage());
    }

    /** OPEN_EXISTING opens (OpenFileMappingW): no object is created, and Global\ needs no privilege to look. */
    @Test
    void tagname_openExistingOfAMissingGlobalNameIsNoSuchFile() throws IOException {
        Path p = patternFile(100);
        String g = "Global\\" + tagname("gmissing");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> namedFile(p, g,
                CreatePolicy.OPEN_EXISTING, Access.WRITE));
        assertEquals(g, e.getFile());
        assertThrows(NoSuchFileException.class, () -> named(g, 0, CreatePolicy.OPEN_EXISTING, Access.READ));
    }

    /** Events and mutexes share the namespace: Windows says only "The handle is invalid". */
    @Test
    void tagname_ofAnEventIsNamedAsAnotherKindOfObject() throws Throwable {
        String t = tagname("event");
        long event = K32.createEvent(t);
        try {
            for (var attempt : new org.junit.jupiter.api.function.Executable[] {
                    () -> named(t, PAGE, CreatePolicy.OPEN_OR_CREATE, Access.WRITE),
                    () -> namedFile(patternFile(10), t, CreatePolicy.OPEN_OR_CREATE, Access.WRITE)}) {
                IOException e = assertThrows(IOException.class, attempt);
                assertTrue(e.getMessage().startsWith("tagname \"" + t + "\" is the name of an object of another kind"
                        + " (an event, semaphore, mutex, waitable timer or job"), e.getMessage());
                assertTrue(e.getMessage().contains("ERROR_INVALID_HANDLE (6)"), e.getMessage());
            }
        } finally {
            K32.close(event);
        }
    }

    @Test
    void open_aFileOpenedWithoutSharingIsAFileSystemException() throws Throwable {
        Path p = patternFile(100);
        long exclusive = K32.openExclusive(p);
        try {
            FileSystemException e = assertThrows(FileSystemException.class, () -> open(p, Access.READ));
            assertEquals(FileSystemException.class, e.getClass());
            assertTrue(e.getReason().startsWith("CreateFileW failed: ERROR_SHARING_VIOLATION (32): "), e.getReason());
        } finally {
            K32.close(exclusive);
        }
    }

    /** With \\?\ Win32 no longer resolves "..": jmmap normalizes a long path first, as the JDK does. */
    @Test
    void open_aLongPathWithDotDotOpensTheFile() throws IOException {
        Path deep = Files.createDirectories(dir.resolve("a".repeat(120)).resolve("b".repeat(120)));
        Files.write(deep.resolve("f.bin"), pattern(10));
        Path viaDotDot = deep.resolve("..").resolve("b".repeat(120)).resolve(".").resolve("f.bin");
        assertTrue(viaDotDot.toAbsolutePath().toString().length() > 250);
        assertArrayEquals(pattern(10), open(viaDotDot, Access.READ).get(0, 10));
    }

    /** .NET's DelayAllocatePages makes such objects: touching a reserved page would crash the JVM. */
    @Test
    @SuppressWarnings("restricted")   // reinterpret of the test's own view
    void tagname_ofAnObjectWithOnlyReservedPagesIsRefusedAndItsCommittedStartMapped() throws Throwable {
        String t = tagname("reserve");
        long section = K32.createReservedMapping(t, 1 << 20);
        try {
            IOException e = assertThrows(IOException.class, () -> named(t, 0, CreatePolicy.OPEN_EXISTING,
                    Access.WRITE));
            assertEquals("cannot map tagname \"" + t + "\": its first page is reserved, not committed (an object"
                    + " created with SEC_RESERVE), and touching it would crash the process", e.getMessage());
            long view = K32.mapView(section, 1 << 20);
            try {
                K32.commit(view, 2 * PAGE);
                MemoryMap m = named(t, 0, CreatePolicy.OPEN_EXISTING, Access.WRITE);
                assertEquals(2 * PAGE, m.length(), "only the committed pages");
                m.set(2 * PAGE - 1, (byte) 6);
                assertEquals(6, MemorySegment.ofAddress(view).reinterpret(2 * PAGE).get(ValueLayout.JAVA_BYTE,
                        2 * PAGE - 1));
                assertThrows(IOException.class, () -> named(t, 3 * PAGE, CreatePolicy.OPEN_EXISTING, Access.WRITE));
            } finally {
                K32.unmapView(view);
            }
        } finally {
            K32.close(section);
        }
    }

    /** A whole view of a big object costs its address space, and with COPY its commit charge. */
    @Test
    void tagname_aShortMapOfABigObjectViewsOnlyItsLength() throws Throwable {
        String t = tagname("short");
        named(t, 64 * PAGE, CreatePolicy.CREATE_NEW, Access.WRITE);
        MemoryMap small = named(t, PAGE, CreatePolicy.OPEN_EXISTING, Access.READ);
        assertEquals(PAGE, K32.regionSize(small.segment().address()));
    }

    @Test
    void tagname_fileMapPoliciesAreEnforced() throws IOException {
        Path p = patternFile(100);
        String t = tagname("fpolicy");
        assertThrows(NoSuchFileException.class, () -> namedFile(p, t, CreatePolicy.OPEN_EXISTING, Access.WRITE));
        namedFile(p, t, CreatePolicy.CREATE_NEW, Access.WRITE);
        assertThrows(FileAlreadyExistsException.class, () -> namedFile(p, t, CreatePolicy.CREATE_NEW, Access.WRITE));
        assertEquals(100, namedFile(p, t, CreatePolicy.OPEN_EXISTING, Access.READ).length());
    }

    @Test
    void tagname_localAndGlobalPrefixesPassThrough() throws IOException {
        String t = "Local\\" + tagname("local");
        MemoryMap a = named(t, PAGE, CreatePolicy.CREATE_NEW, Access.WRITE);
        assertEquals(t, a.tagname());
        a.set(0, (byte) 7);
        assertEquals(7, named(t, 0, CreatePolicy.OPEN_EXISTING, Access.READ).get(0));
        String g = "Global\\" + tagname("global");
        try {
            MemoryMap b = named(g, PAGE, CreatePolicy.CREATE_NEW, Access.WRITE);
            b.set(0, (byte) 8);
            assertEquals(8, named(g, 0, CreatePolicy.OPEN_EXISTING, Access.READ).get(0));
        } catch (IOException e) {
            // creating in Global\ needs SeCreateGlobalPrivilege; without it Windows says so, and jmmap names it
            assertInstanceOf(AccessDeniedException.class, e);
            assertTrue(e.getMessage().contains("ERROR_ACCESS_DENIED (5)"), e.getMessage());
            assertTrue(e.getMessage().endsWith("creating a name under Global\\ needs SeCreateGlobalPrivilege"),
                    e.getMessage());
        }
    }

    @Test
    void tagname_invalidWindowsNamesAreRefused() {
        for (String bad : new String[] {"Local\\", "Local\\a\\b", "x".repeat(261)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> named(bad, PAGE, CreatePolicy.OPEN_OR_CREATE, Access.WRITE));
            assertTrue(e.getMessage().startsWith("tagname"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> MemoryMap.open(patternFile(10),
                opts().access(Access.WRITE).tagname("a\\b").build()));
    }

    @Test
    void tagname_namesLiveAsLongAsAHandleAndCannotBeUnlinked() throws IOException {
        String t = tagname("life");
        MemoryMap a = MemoryMap.anonymous(PAGE, opts().tagname(t).createPolicy(CreatePolicy.CREATE_NEW).build());
        assertFalse(MemoryMap.unlinkNamed(t, Backend.NATIVE));
        assertEquals(PAGE, named(t, 0, CreatePolicy.OPEN_EXISTING, Access.READ).length());
        a.close();
        // the READ map above still holds it; a trackFd(false) map keeps the name too
        MemoryMap kept = track(MemoryMap.anonymous(0, opts().tagname(t).createPolicy(CreatePolicy.OPEN_EXISTING)
                .access(Access.READ).trackFd(false).build()));
        assertEquals(PAGE, kept.length());
    }

    @Test
    void tagname_theNameDiesWithTheLastHandle() throws IOException {
        String t = tagname("dies");
        MemoryMap.anonymous(PAGE, opts().tagname(t).createPolicy(CreatePolicy.CREATE_NEW).build()).close();
        assertThrows(NoSuchFileException.class, () -> named(t, 0, CreatePolicy.OPEN_EXISTING, Access.READ));
    }

    @Test
    void tagname_aLargerLengthUnderTheSameNameIsRefused() throws IOException {
        String t = tagname("grow");
        named(t, PAGE, CreatePolicy.CREATE_NEW, Access.WRITE);
        IOException e = assertThrows(IOException.class, () -> named(t, 2 * PAGE, CreatePolicy.OPEN_EXISTING,
                Access.WRITE));
        assertEquals("cannot grow tagname \"" + t + "\" from 4096 to 8192 bytes: a Windows named map keeps the size it"
                + " was created with while any handle holds it", e.getMessage());
        assertEquals(PAGE, named(t, PAGE / 2, CreatePolicy.OPEN_OR_CREATE, Access.WRITE).size());
    }

    @Test
    void tagname_resizeOfTheSoleHolderKeepsTheBytes() throws IOException {
        String t = tagname("sole");
        MemoryMap a = named(t, PAGE, CreatePolicy.CREATE_NEW, Access.WRITE);
        a.set(0, pattern(100));
        a.resize(3 * PAGE);
        assertEquals(3 * PAGE, a.size());
        assertArrayEquals(pattern(100), a.get(0, 100));
        a.resize(50);
        assertArrayEquals(Arrays.copyOf(pattern(100), 50), a.get(0, 50));
    }

    /** CPython's test_resize_succeeds_with_error_for_second_named_mapping; jmmap keeps m1 as it was. */
    @Test
    void resize_failsForANamedMapHeldElsewhereAndKeepsTheMap() throws IOException {
        String t = tagname("held");
        MemoryMap m1 = named(t, 2 * PAGE, CreatePolicy.CREATE_NEW, Access.WRITE);
        MemoryMap m2 = named(t, 2 * PAGE, CreatePolicy.OPEN_EXISTING, Access.WRITE);
        byte[] data = random(8, 11);
        m1.set(0, data);
        assertArrayEquals(data, m2.get(0, 8));
        IOException e = assertThrows(IOException.class, () -> m1.resize(PAGE));
        assertTrue(e.getMessage().contains("another handle holds the name"), e.getMessage());
        assertFalse(m1.isClosed());
        assertEquals(2 * PAGE, m1.length());
        assertArrayEquals(data, m1.get(0, 8));
        m1.set(8, (byte) 1);
        assertEquals(1, m2.get(8), "m1 still maps the shared object");
    }

    /** The old view stays mapped until the new object holds the bytes; failing, the bytes and the name stay. */
    @Test
    void resize_ofANamedMapThatCannotGrowThatFarKeepsItsBytesAndItsName() throws IOException {
        String t = tagname("huge");
        MemoryMap a = named(t, PAGE, CreatePolicy.CREATE_NEW, Access.WRITE);
        a.set(0, pattern(100));
        IOException e = assertThrows(IOException.class, () -> a.resize(1L << 46));    // beyond any commit limit
        assertTrue(e.getMessage().contains("CreateFileMappingW"), e.getMessage());
        assertFalse(a.isClosed());
        assertEquals(PAGE, a.length());
        assertArrayEquals(pattern(100), a.get(0, 100));
        assertArrayEquals(pattern(100), named(t, 0, CreatePolicy.OPEN_EXISTING, Access.READ).get(0, 100),
                "the name still finds the bytes");
    }

    /** CPython opens the tagname first; jmmap asks the handle count and leaves the file alone. */
    @Test
    void resize_ofAFileMapWhoseTagnameIsHeldElsewhereChangesNothing() throws IOException {
        Path p = patternFile(2 * (int) PAGE);
        String t = tagname("fheld");
        MemoryMap m1 = namedFile(p, t, CreatePolicy.CREATE_NEW, Access.WRITE);
        MemoryMap m2 = namedFile(p, t, CreatePolicy.OPEN_EXISTING, Access.WRITE);
        IOException e = assertThrows(IOException.class, () -> m1.resize(4 * PAGE));
        assertEquals("cannot resize the map of " + p + ": another handle holds its tagname \"" + t + "\", so Windows"
                + " keeps the mapping object's size", e.getMessage());
        assertEquals(2 * PAGE, Files.size(p), "the file did not grow");
        assertEquals(2 * PAGE, m1.length());
        m1.set(0, (byte) 3);
        assertEquals(3, m2.get(0));
    }

    /** A native call holding the map: protect() fails, the map stays as it was and still releases everything. */
    @Test
    void protect_whileANativeCallHoldsTheMapFailsAndChangesNothing() throws Throwable {
        Path p = patternFile((int) PAGE);
        MemoryMap m = MemoryMap.open(p, opts(Access.WRITE));
        long event = K32.createEvent(null);
        try {
            m.setLong(0, event);                  // WaitForMultipleObjects reads its handle array from the map
            Thread waiter = Thread.ofPlatform().start(() -> K32.waitAll(m.segment(), 15_000));
            Thread.sleep(500);
            assertThrows(IllegalStateException.class, () -> m.protect(Access.READ));
            K32.setEvent(event);
            waiter.join();
            m.set(8, (byte) 1);                   // still writable
            assertEquals(1, m.get(8));
            m.close();
            Files.delete(p);                      // view, section and file handle were released
            assertFalse(Files.exists(p));
        } finally {
            K32.close(event);
        }
    }

    /** VirtualLock is bounded by the minimum working set (about 200 KiB by default): jmmap raises it. */
    @Test
    void lock_ofMoreThanTheDefaultWorkingSetSucceeds() throws IOException {
        MemoryMap m = anonymous(8L << 20);
        m.lock();
        m.set(0, (byte) 1);
        m.unlock();
        m.lock();
        m.close();
    }

    /** CPython's test_resize_fails_if_mapping_held_elsewhere; jmmap keeps m1 usable. */
    @Test
    void resize_ofAFileMappedElsewhereFailsAndKeepsTheMap() throws IOException {
        Path p = patternFile(2 * (int) PAGE);
        MemoryMap m1 = open(p, Access.WRITE);
        MemoryMap m2 = open(p, Access.WRITE);
        IOException e = assertThrows(IOException.class, () -> m1.resize(PAGE));
        assertTrue(e.getMessage().contains("ERROR_USER_MAPPED_FILE (1224)"), e.getMessage());
        assertFalse(m1.isClosed());
        assertEquals(2 * PAGE, m1.length());
        assertEquals(2 * PAGE, Files.size(p));
        m1.set(0, (byte) 5);
        assertEquals(5, m2.get(0));
        m2.close();
        m1.resize(PAGE);
        assertEquals(PAGE, Files.size(p));
    }

    @Test
    void close_releasesTheFileForDeleteInEveryForm() throws IOException {
        for (MapOptions o : new MapOptions[] {opts(Access.WRITE), opts(Access.READ), opts(Access.COPY),
                opts().access(Access.WRITE).offset(70_000).length(10).build(),
                opts().access(Access.WRITE).trackFd(false).build(),
                opts().access(Access.WRITE).tagname(tagname("del")).build()}) {
            Path p = patternFile(100_000);
            MemoryMap m = MemoryMap.open(p, o);
            m.get(0);
            m.close();
            Files.delete(p);
            assertFalse(Files.exists(p), o.toString());
            Files.write(p, new byte[] {1});          // and the path is free for a new file
            Files.delete(p);
        }
    }

    @Test
    void close_afterResizeReleasesTheFileToo() throws IOException {
        Path p = patternFile(100);
        MemoryMap m = MemoryMap.open(p, opts(Access.WRITE));
        m.resize(200_000);
        m.resize(10);
        m.close();
        Files.delete(p);
        assertFalse(Files.exists(p));
    }

    /** VirtualUnlock of unlocked pages fails with ERROR_NOT_LOCKED; unlock() succeeds as munlock does. */
    @Test
    void unlock_withoutLockIsANoOpAsOnPosix() throws IOException {
        MemoryMap m = anonymous(PAGE);
        m.unlock();
        m.lock();
        m.unlock();
        m.unlock();
        m.set(0, (byte) 1);
        assertEquals(1, m.get(0));
    }

    @Test
    void fileDescriptorsAreAPosixFeature() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> MemoryMap.open(0, opts(Access.READ)));
        assertTrue(e.getMessage().startsWith("mapping a file descriptor is a POSIX feature"), e.getMessage());
    }

    @Test
    void errorsNameTheCallTheCodeAndTheText() throws IOException {
        Path p = patternFile(100);
        p.toFile().setReadOnly();
        try {
            IOException e = assertThrows(IOException.class, () -> MemoryMap.open(p, opts(Access.WRITE)));
            assertTrue(e.getMessage().contains("CreateFileW failed: ERROR_ACCESS_DENIED (5): "), e.getMessage());
        } finally {
            p.toFile().setWritable(true);
        }
    }

    /** kernel32 calls the tests need to make objects jmmap does not make. */
    @SuppressWarnings("restricted")   // the tests' own downcalls
    private static final class K32 {
        private static final Linker LINKER = Linker.nativeLinker();
        private static final SymbolLookup KERNEL32 = SymbolLookup.libraryLookup("kernel32", Arena.global());
        private static final ValueLayout.OfInt DWORD = ValueLayout.JAVA_INT;
        private static final java.lang.foreign.AddressLayout PTR = ValueLayout.ADDRESS;

        private static MethodHandle f(String name, java.lang.foreign.MemoryLayout ret,
                                      java.lang.foreign.MemoryLayout... args) {
            return LINKER.downcallHandle(KERNEL32.find(name).orElseThrow(), FunctionDescriptor.of(ret, args));
        }

        private static MemorySegment wide(Arena a, String s) {
            return s == null ? MemorySegment.NULL : a.allocateFrom(s, StandardCharsets.UTF_16LE);
        }

        private static long nonNull(MemorySegment h, String call) {
            if (h.address() == 0 || h.address() == -1) {
                throw new IllegalStateException(call + " failed");
            }
            return h.address();
        }

        static long createEvent(String name) throws Throwable {
            try (Arena a = Arena.ofConfined()) {
                return nonNull((MemorySegment) f("CreateEventW", PTR, PTR, DWORD, DWORD, PTR)
                        .invokeExact(MemorySegment.NULL, 1, 0, wide(a, name)), "CreateEventW");
            }
        }

        static void setEvent(long event) throws Throwable {
            int ok = (int) f("SetEvent", DWORD, PTR).invokeExact(MemorySegment.ofAddress(event));
            assertTrue(ok != 0, "SetEvent");
        }

        /** WaitForMultipleObjects over the handle array at the start of {@code handles}: a call that holds the segment. */
        static void waitAll(MemorySegment handles, int millis) {
            try {
                int r = (int) f("WaitForMultipleObjects", DWORD, DWORD, PTR, DWORD, DWORD)
                        .invokeExact(1, handles, 1, millis);
                assertTrue(r == 0 || r == 0x102, "WaitForMultipleObjects returned " + r);
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
        }

        /** CreateFileW(GENERIC_READ, share 0): nobody else may open the file. */
        static long openExclusive(Path p) throws Throwable {
            try (Arena a = Arena.ofConfined()) {
                return nonNull((MemorySegment) f("CreateFileW", PTR, PTR, DWORD, DWORD, PTR, DWORD, DWORD, PTR)
                        .invokeExact(wide(a, p.toAbsolutePath().toString()), 0x8000_0000, 0, MemorySegment.NULL, 3,
                                0x80, MemorySegment.NULL), "CreateFileW");
            }
        }

        /** A pagefile object of PAGE_READWRITE | SEC_RESERVE: all pages reserved, none committed. */
        static long createReservedMapping(String name, int size) throws Throwable {
            try (Arena a = Arena.ofConfined()) {
                return nonNull((MemorySegment) f("CreateFileMappingW", PTR, PTR, PTR, DWORD, DWORD, DWORD, PTR)
                        .invokeExact(MemorySegment.ofAddress(-1), MemorySegment.NULL, 0x04 | 0x0400_0000, 0, size,
                                wide(a, name)), "CreateFileMappingW");
            }
        }

        static long mapView(long section, long size) throws Throwable {
            return nonNull((MemorySegment) f("MapViewOfFile", PTR, PTR, DWORD, DWORD, DWORD, ValueLayout.JAVA_LONG)
                    .invokeExact(MemorySegment.ofAddress(section), 0x02 | 0x04, 0, 0, size), "MapViewOfFile");
        }

        /** VirtualAlloc(MEM_COMMIT) on a view of a SEC_RESERVE object commits its pages. */
        static void commit(long address, long size) throws Throwable {
            nonNull((MemorySegment) f("VirtualAlloc", PTR, PTR, ValueLayout.JAVA_LONG, DWORD, DWORD)
                    .invokeExact(MemorySegment.ofAddress(address), size, 0x1000, 0x04), "VirtualAlloc");
        }

        static void unmapView(long address) throws Throwable {
            int ok = (int) f("UnmapViewOfFile", DWORD, PTR).invokeExact(MemorySegment.ofAddress(address));
            assertTrue(ok != 0, "UnmapViewOfFile");
        }

        /** VirtualQuery's RegionSize at an address (MEMORY_BASIC_INFORMATION: 48 bytes, RegionSize at 24). */
        static long regionSize(long address) throws Throwable {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment info = a.allocate(48, 8);
                long n = (long) f("VirtualQuery", ValueLayout.JAVA_LONG, PTR, PTR, ValueLayout.JAVA_LONG)
                        .invokeExact(MemorySegment.ofAddress(address), info, 48L);
                assertEquals(48, n, "VirtualQuery");
                return info.get(ValueLayout.JAVA_LONG, 24);
            }
        }

        static void close(long handle) throws Throwable {
            int ok = (int) f("CloseHandle", DWORD, PTR).invokeExact(MemorySegment.ofAddress(handle));
            assertTrue(ok != 0, "CloseHandle");
        }
    }
}
