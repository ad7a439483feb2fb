package io.github.jmmap.reliability;

import io.github.jmmap.Access;
import io.github.jmmap.Advice;
import io.github.jmmap.Backend;
import io.github.jmmap.MemoryMap;
import io.github.jmmap.conformance.BackendDisplayNames;
import io.github.jmmap.conformance.MapTestSupport;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.IOException;
import java.nio.ReadOnlyBufferException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Advice that can discard data (REMOVE, FREE, DONT_NEED on COPY maps): it acts only on the whole
 * pages inside the requested range, also when the map's offset is not page aligned; it is
 * refused while the map is read-only; FREE only on private memory, REMOVE only on shared memory.
 * On the JAVA backend such advice is a no-op, so the "only whole pages" cases hold trivially there
 * and the refusals are the same. One concrete subclass per backend.
 */
@DisplayNameGeneration(BackendDisplayNames.class)
public abstract class AdviceSuite extends MapTestSupport {
    private static final int P = (int) MemoryMap.pageSize();

    /** Whether this backend passes discarding advice to the OS (NATIVE on Linux does). */
    private boolean discards() {
        return backend() == Backend.NATIVE && OS.LINUX.isCurrentOs();
    }

    /** REMOVE is Linux's: the NATIVE backend elsewhere names it as unsupported (JAVA accepts it as a no-op). */
    private void assumeRemove() {
        assumeTrue(backend() == Backend.JAVA || OS.LINUX.isCurrentOs(), "Advice.REMOVE is Linux's");
    }

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private static int zeros(byte[] b) {
        int n = 0;
        for (byte x : b) {
            if (x == 0) {
                n++;
            }
        }
        return n;
    }

    // ------------------------------------------------------------------ only whole pages inside the range

    @Test
    void remove_onASmallMapAtAnUnalignedOffset_touchesNoByteOfTheFile() throws IOException {
        assumeRemove();
        Path p = file(filled(2 * P, 1));
        MemoryMap m = open(p, opts().access(Access.WRITE).offset(100).length(50).build());
        m.madvise(Advice.REMOVE);                  // the map holds no whole page
        m.madvise(Advice.REMOVE, 10, 5);
        assertEquals(0, zeros(Files.readAllBytes(p)), "bytes of the file outside the map were zeroed");
        assertArrayEquals(filled(50, 1), m.get(0, 50));
    }

    @Test
    void remove_ofAFewBytes_isANoOp() throws IOException {
        assumeRemove();
        Path p = file(filled(2 * P, 1));
        MemoryMap m = open(p, Access.WRITE);
        m.madvise(Advice.REMOVE, 10, 5);
        m.madvise(Advice.REMOVE, P - 1, 2);
        m.madvise(Advice.REMOVE, 1, 2 * P - 2);
        assertEquals(0, zeros(Files.readAllBytes(p)), "bytes outside the requested ranges were zeroed");
        assertArrayEquals(filled(2 * P, 1), m.get(0, 2 * P));
    }

    @Test
    void remove_atAnUnalignedOffset_freesOnlyTheWholePagesInsideTheUsersWindow() throws IOException {
        assumeRemove();
        Path p = file(filled(3 * P, 1));
        // window [100, 3P - 100) of the file: the only whole page inside it is [P, 2P)
        MemoryMap m = open(p, opts().access(Access.WRITE).offset(100).length(3 * P - 200).build());
        m.madvise(Advice.REMOVE);
        byte[] expected = filled(3 * P, 1);
        if (discards()) {
            Arrays.fill(expected, P, 2 * P, (byte) 0);
        }
        assertArrayEquals(expected, Files.readAllBytes(p));
        assertArrayEquals(Arrays.copyOfRange(expected, 100, 3 * P - 100), m.get(0, 3 * P - 200));
    }

    @Test
    void remove_onAnonymousMemory_keepsTheBytesOfPartlyCoveredPages() throws IOException {
        assumeRemove();
        MemoryMap m = anonymous(2 * P);
        m.set(0, filled(2 * P, 1));
        m.madvise(Advice.REMOVE, P - 1, 2);
        assertArrayEquals(filled(2 * P, 1), m.get(0, 2 * P), "REMOVE of 2 bytes lost whole pages");
        m.madvise(Advice.REMOVE, P - 1, P + 1);    // [P-1, 2P): exactly the second page is whole
        byte[] expected = filled(2 * P, 1);
        if (discards()) {
            Arrays.fill(expected, P, 2 * P, (byte) 0);
        }
        assertArrayEquals(expected, m.get(0, 2 * P));
    }

    @Test
    void dontNeed_onACopyMap_keepsThePrivateBytesOfPartlyCoveredPages() throws IOException {
        Path p = file(filled(3 * P, 1));
        MemoryMap m = open(p, Access.COPY);
        m.set(0, filled(3 * P, 2));                // private changes everywhere
        m.madvise(Advice.DONT_NEED, P - 96, 1);
        m.madvise(Advice.DONT_NEED, P - 1, P);     // [P-1, 2P-1): no whole page
        assertArrayEquals(filled(3 * P, 2), m.get(0, 3 * P), "DONT_NEED dropped private bytes outside the range");
        m.madvise(Advice.DONT_NEED, P - 1, 2 * P + 1);   // [P-1, 3P): pages 1 and 2 are whole
        byte[] expected = filled(3 * P, 2);
        if (discards()) {
            Arrays.fill(expected, P, 3 * P, (byte) 1);   // the file's bytes come back
        }
        assertArrayEquals(expected, m.get(0, 3 * P));
        assertArrayEquals(filled(3 * P, 1), Files.readAllBytes(p), "a COPY map never writes the file");
    }

    @Test
    void dontNeed_onACopyMapAtAnUnalignedOffset_keepsTheBytesBeforeTheWindowsFirstWholePage() throws IOException {
        Path p = file(filled(2 * P, 1));
        MemoryMap m = open(p, opts().access(Access.COPY).offset(100).length(2 * P - 100).build());
        m.set(0, filled(2 * P - 100, 2));
        m.madvise(Advice.DONT_NEED, 0, P - 100);    // [100, P) of the file: part of page 0 only
        assertArrayEquals(filled(2 * P - 100, 2), m.get(0, 2 * P - 100));
        m.madvise(Advice.DONT_NEED);               // the whole window: page 1 only is whole
        byte[] expected = filled(2 * P - 100, 2);
        if (discards()) {
            Arrays.fill(expected, P - 100, 2 * P - 100, (byte) 1);
        }
        assertArrayEquals(expected, m.get(0, 2 * P - 100));
    }

    @Test
    void safeHints_stillCoverEveryPageTheRangeTouches() throws IOException {
        Path p = file(filled(4 * P, 1));
        MemoryMap m = open(p, opts().access(Access.WRITE).offset(100).length(3 * P).build());
        for (Advice a : new Advice[]{Advice.WILL_NEED, Advice.SEQUENTIAL, Advice.RANDOM, Advice.NORMAL, Advice.DONT_NEED}) {
            m.madvise(a, 1, 1);
            m.madvise(a, P - 1, 2);
            m.madvise(a);
        }
        assertArrayEquals(filled(4 * P, 1), Files.readAllBytes(p));
        assertArrayEquals(filled(3 * P, 1), m.get(0, 3 * P), "DONT_NEED on a shared map loses nothing");
    }

    @Test
    void dontNeed_onSharedAnonymousMemory_losesNothing() throws IOException {
        MemoryMap m = anonymous(2 * P);
        m.set(0, filled(2 * P, 3));
        m.madvise(Advice.DONT_NEED);
        assertArrayEquals(filled(2 * P, 3), m.get(0, 2 * P), "shared anonymous memory reads back its bytes");
    }

    // ------------------------------------------------------------------ refused while read-only

    @Test
    void discardingAdvice_onAReadMap_isRefusedNamingTheAdvice() throws IOException {
        Path p = file(filled(2 * P, 1));
        MemoryMap m = open(p, Access.READ);
        for (Advice a : new Advice[]{Advice.REMOVE, Advice.FREE}) {
            refused(ReadOnlyBufferException.class, "madvise(" + a + ") is not allowed: Advice." + a
                    + " can discard data and the map is read-only (opened with Access.READ); nothing was changed",
                    m, p, () -> m.madvise(a));
            refused(ReadOnlyBufferException.class, "madvise(" + a + ") is not allowed", m, p,
                    () -> m.madvise(a, 0, 2 * P));
            refused(ReadOnlyBufferException.class, "madvise(" + a + ") is not allowed", m, p,
                    () -> m.madvise(a, 0, 4 * P));   // read-only is reported before the range
        }
        m.madvise(Advice.DONT_NEED);               // a shared map: a hint, allowed
        assertArrayEquals(filled(2 * P, 1), Files.readAllBytes(p));
    }

    @Test
    void discardingAdvice_afterProtectRead_isRefused() throws IOException {
        assumeTrue(backend() == Backend.NATIVE, "protect() needs the NATIVE backend");
        Path p = file(filled(2 * P, 1));
        MemoryMap m = open(p, Access.WRITE);
        m.protect(Access.READ);
        refused(ReadOnlyBufferException.class, "madvise(REMOVE) is not allowed: Advice.REMOVE can discard data and"
                + " the map is read-only (protect(Access.READ)); nothing was changed", m, p, () -> m.madvise(Advice.REMOVE));
        refused(ReadOnlyBufferException.class, "madvise(REMOVE) is not allowed", m, p,
                () -> m.madvise(Advice.REMOVE, 0, P));
        assertEquals(0, zeros(Files.readAllBytes(p)), "REMOVE punched a hole through a read-only map");
        m.madvise(Advice.DONT_NEED);
        m.protect(Access.WRITE);
        if (OS.LINUX.isCurrentOs()) {
            m.madvise(Advice.REMOVE, 0, P);        // writable again: allowed
            assertEquals(P, zeros(Files.readAllBytes(p)));
        }
    }

    @Test
    void dontNeed_onACopyMapAfterProtectRead_isRefused() throws IOException {
        assumeTrue(backend() == Backend.NATIVE, "protect() needs the NATIVE backend");
        Path p = file(filled(2 * P, 1));
        MemoryMap m = open(p, Access.COPY);
        m.set(0, filled(2 * P, 2));
        m.protect(Access.READ);
        refused(ReadOnlyBufferException.class, "madvise(DONT_NEED) is not allowed: Advice.DONT_NEED can discard data"
                + " and the map is read-only (protect(Access.READ))", m, p, () -> m.madvise(Advice.DONT_NEED));
        refused(ReadOnlyBufferException.class, "madvise(FREE) is not allowed", m, p, () -> m.madvise(Advice.FREE));
        assertArrayEquals(filled(2 * P, 2), m.get(0, 2 * P));
        m.madvise(Advice.WILL_NEED);
    }

    // ------------------------------------------------------------------ FREE private only, REMOVE shared only

    @Test
    void free_onSharedMemory_isRefusedSayingWhy() throws IOException {
        Path p = file(filled(2 * P, 1));
        for (Access a : new Access[]{Access.WRITE, Access.DEFAULT}) {
            MemoryMap m = open(p, a);
            refused(UnsupportedOperationException.class, "Advice.FREE is not allowed on this " + a + " map: it is for"
                    + " private memory (Access.COPY) only; on shared memory it would discard the pages for every"
                    + " process that maps them", m, p, () -> m.madvise(Advice.FREE));
            refused(UnsupportedOperationException.class, "Advice.FREE is not allowed", m, p,
                    () -> m.madvise(Advice.FREE, 0, P));
        }
        MemoryMap anon = anonymous(2 * P);
        anon.set(0, filled(2 * P, 4));
        refused(UnsupportedOperationException.class, "Advice.FREE is not allowed on this DEFAULT map", anon, null,
                () -> anon.madvise(Advice.FREE));
    }

    @Test
    void free_onPrivateAnonymousMemory_isAllowed() throws IOException {
        MemoryMap m = track(MemoryMap.anonymous(4L * P, opts().access(Access.COPY).build()));
        m.set(0, filled(4 * P, 5));
        m.madvise(Advice.FREE, 1, 2);              // no whole page: a no-op
        assertArrayEquals(filled(4 * P, 5), m.get(0, 4 * P));
        try {
            m.madvise(Advice.FREE);
        } catch (UnsupportedOperationException osLacksIt) {
            assertTrue(osLacksIt.getMessage().contains("Advice.FREE is not supported"), osLacksIt.getMessage());
        }
        assertFalse(m.isClosed());
    }

    @Test
    void remove_onACopyMap_isRefusedSayingWhy() throws IOException {
        Path p = file(filled(2 * P, 1));
        MemoryMap m = open(p, Access.COPY);
        m.set(0, filled(2 * P, 2));
        refused(UnsupportedOperationException.class, "Advice.REMOVE is not allowed on this COPY map: it frees the"
                + " backing store of shared memory (Access.WRITE or DEFAULT) only; use DONT_NEED or FREE to drop"
                + " private pages", m, p, () -> m.madvise(Advice.REMOVE));
        MemoryMap anon = track(MemoryMap.anonymous(2L * P, opts().access(Access.COPY).build()));
        refused(UnsupportedOperationException.class, "Advice.REMOVE is not allowed on this COPY map", anon, null,
                () -> anon.madvise(Advice.REMOVE, 0, P));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void remove_onALockedMap_saysWhatTheMapLacks() throws IOException {
        assumeTrue(backend() == Backend.NATIVE, "lock() needs the NATIVE backend");
        Path p = file(filled(2 * P, 1));
        MemoryMap m = open(p, Access.WRITE);
        m.lock();
        UnsupportedOperationException e = refused(UnsupportedOperationException.class,
                "Advice.REMOVE is not supported for this map of " + p + ": linux frees the backing store only of a"
                        + " shared map that is not locked (lock()) and whose file system can punch holes"
                        + " (madvise failed: EINVAL (22): Invalid argument)", m, p, () -> m.madvise(Advice.REMOVE));
        assertFalse(e.getMessage().contains("kernel"), e.getMessage());
        m.unlock();
    }

    @Test
    void discardsData_isAPropertyOfTheAdviceAndTheKindOfMap() throws IOException {
        for (Access a : Access.values()) {
            assertTrue(Advice.REMOVE.discardsData(a));
            assertTrue(Advice.FREE.discardsData(a));
            assertEquals(a == Access.COPY, Advice.DONT_NEED.discardsData(a), a.name());
            for (Advice safe : new Advice[]{Advice.NORMAL, Advice.RANDOM, Advice.SEQUENTIAL, Advice.WILL_NEED,
                    Advice.DONT_FORK, Advice.DO_FORK, Advice.MERGEABLE, Advice.UNMERGEABLE, Advice.HUGEPAGE,
                    Advice.NO_HUGEPAGE, Advice.DONT_DUMP, Advice.DO_DUMP, Advice.POPULATE_READ, Advice.POPULATE_WRITE}) {
                assertFalse(safe.discardsData(a), safe + " on " + a);
            }
        }
        refused(NullPointerException.class, "openedWith", null, null, () -> Advice.REMOVE.discardsData(null));
    }
}
