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
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        assertEquals(PAGE, byName.length(), "a whole view of a 100-byte file is one page");
        assertArrayEquals(pattern(100), byName.get(0, 100));
        byName.set(0, (byte) 42);
        assertEquals(42, f.get(0));
        f.flush();
        assertEquals(42, Files.readAllBytes(p)[0]);
    }

    @Test
    void tagname_fileMapsWithTheSameNameShareAndOthersDoNot() throws IOException {
        Path p = patternFile(100);
        Path q = patternFile(100);
        String t = tagname("same");
        MemoryMap a = namedFile(p, t, CreatePolicy.CREATE_NEW, Access.WRITE);
        MemoryMap b = namedFile(q, t, CreatePolicy.OPEN_OR_CREATE, Access.WRITE);   // the name wins, as in CPython
        a.set(1, (byte) 9);
        assertEquals(9, b.get(1));
        MemoryMap c = namedFile(q, tagname("other"), CreatePolicy.CREATE_NEW, Access.WRITE);
        assertEquals(pattern(2)[1], c.get(1), "a different name maps q itself");
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
            // creating in Global\ needs SeCreateGlobalPrivilege; without it Windows says so
            assertTrue(e.getMessage().contains("ERROR_ACCESS_DENIED (5)"), e.getMessage());
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
}
