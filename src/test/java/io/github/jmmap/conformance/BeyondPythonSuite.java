package io.github.jmmap.conformance;

import io.github.jmmap.Access;
import io.github.jmmap.Backend;
import io.github.jmmap.FlushMode;
import io.github.jmmap.MemoryMap;
import io.github.jmmap.internal.Os;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
