package io.github.jmmap.backend;

import io.github.jmmap.Access;
import io.github.jmmap.Backend;
import io.github.jmmap.CreatePolicy;
import io.github.jmmap.MapOptions;
import io.github.jmmap.MemoryMap;
import io.github.jmmap.internal.TestLibc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.IOException;
import java.nio.file.NoSuchFileException;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Named maps on macOS (NATIVE), where xnu's shm objects (bsd/kern/posix_shm.c) differ from
 * Linux's: sized once, rounded up to the page size, MAP_SHARED only, no lseek, names of at most
 * 30 bytes. The decisions are also checked on Linux by internal.linux.ShmTraitsTest.
 */
@EnabledOnOs(OS.MAC)
class MacNamedMapTest {
    private final String t = "jmmac-" + Long.toString(ProcessHandle.current().pid(), 36) + "-"
            + Long.toString(System.nanoTime() & 0xFF_FFFFL, 36);
    private final long page = MemoryMap.pageSize();

    @AfterEach
    void unlink() throws IOException {
        MemoryMap.unlinkNamed(t, Backend.NATIVE);
    }

    private MapOptions.Builder named(CreatePolicy policy) {
        return MapOptions.builder().backend(Backend.NATIVE).tagname(t).createPolicy(policy);
    }

    private String grow(long from, long to) {
        return "cannot grow tagname \"" + t + "\" from " + from + " to " + to + " bytes: a macos named map keeps"
                + " the size it was first given (rounded up to the page size) for its lifetime";
    }

    @Test
    void aNamedMapIsRoundedUpToThePageSize() throws IOException {
        try (MemoryMap a = MemoryMap.anonymous(4096, named(CreatePolicy.CREATE_NEW).build())) {
            assertEquals(4096, a.length());
            assertEquals(page, a.size());
            a.set(4095, (byte) 9);
            try (MemoryMap b = MemoryMap.anonymous(0, named(CreatePolicy.OPEN_EXISTING).build())) {
                assertEquals(page, b.length());
                assertEquals(9, b.get(4095));
            }
        }
    }

    @Test
    void growingPastTheObjectIsRefusedAndTheMapStaysAsItWas() throws IOException {
        try (MemoryMap a = MemoryMap.anonymous(4096, named(CreatePolicy.CREATE_NEW).build())) {
            a.set(0, (byte) 3);
            IOException e = assertThrows(IOException.class, () -> a.resize(page + 1));
            assertEquals(grow(page, page + 1), e.getMessage());
            assertFalse(a.isClosed());
            assertEquals(4096, a.length());
            assertEquals(3, a.get(0));
            a.resize(page);                          // within the object: remapped
            a.set(page - 1, (byte) 4);
            a.resize(100);
            assertEquals(page, a.size(), "the object keeps its size");
            assertEquals(3, a.get(0));
            IOException open = assertThrows(IOException.class,
                    () -> MemoryMap.anonymous(2 * page, named(CreatePolicy.OPEN_EXISTING).build()));
            assertEquals(grow(page, 2 * page), open.getMessage());
        }
    }

    @Test
    void copyIsRefusedBeforeTheNameIsMade() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> MemoryMap.anonymous(4096, named(CreatePolicy.CREATE_NEW).access(Access.COPY).build()));
        assertEquals("Access.COPY is not supported for a named map on macos: its shm objects can only be mapped"
                + " shared (MAP_SHARED); map it WRITE or READ", e.getMessage());
        assertThrows(NoSuchFileException.class,
                () -> MemoryMap.anonymous(0, named(CreatePolicy.OPEN_EXISTING).build()));
    }

    @Test
    void tagnamesHaveAtMostThirtyBytes() throws IOException {
        String longest = "n".repeat(30);
        try {
            assertDoesNotThrow(() -> MemoryMap.anonymous(4096, MapOptions.builder().backend(Backend.NATIVE)
                    .tagname(longest).build()).close());
        } finally {
            MemoryMap.unlinkNamed(longest, Backend.NATIVE);
        }
        assertEquals("tagname is 31 bytes long; macos allows at most 30: \"" + longest + "n\"",
                assertThrows(IllegalArgumentException.class, () -> MemoryMap.anonymous(4096,
                        MapOptions.builder().backend(Backend.NATIVE).tagname(longest + "n").build())).getMessage());
    }

    @Test
    void aShmDescriptorIsSizedByFstat() throws Throwable {
        try (MemoryMap a = MemoryMap.anonymous(4096, named(CreatePolicy.CREATE_NEW).build())) {
            a.set(7, (byte) 5);
            int fd = TestLibc.shmOpen("/" + t, TestLibc.O_RDWR);
            assertTrue(fd >= 0, "shm_open");
            try (MemoryMap viaFd = MemoryMap.open(fd, MapOptions.builder().backend(Backend.NATIVE)
                    .access(Access.WRITE).build())) {
                assertEquals(page, viaFd.length());      // lseek would say ESPIPE
                assertEquals(5, viaFd.get(7));
                // a shm descriptor is sized once too: refused up front, the map stays
                assertEquals("cannot grow fd " + fd + " from " + page + " to " + (2 * page) + " bytes: a macos named map"
                                + " keeps the size it was first given (rounded up to the page size) for its lifetime",
                        assertThrows(IOException.class, () -> viaFd.resize(2 * page)).getMessage());
                assertEquals(5, viaFd.get(7));
            } finally {
                assertEquals(0, TestLibc.close(fd));
            }
        }
    }
}
