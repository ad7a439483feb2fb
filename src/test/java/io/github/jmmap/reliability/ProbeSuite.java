package io.github.jmmap.reliability;

import io.github.jmmap.Access;
import io.github.jmmap.Advice;
import io.github.jmmap.Backend;
import io.github.jmmap.MapReadOnlyException;
import io.github.jmmap.MemoryMap;
import io.github.jmmap.conformance.BackendDisplayNames;
import io.github.jmmap.conformance.MapTestSupport;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Findings of an adversarial pass over the java.io/nio faces, the advice rules, named maps and
 * preallocation: each test is a call that once gave a wrong answer or an unclear exception, or
 * differed between the backends. One concrete subclass per backend; both must give the same
 * result, exception type and message.
 */
@DisplayNameGeneration(BackendDisplayNames.class)
public abstract class ProbeSuite extends MapTestSupport {
    private static final int P = (int) MemoryMap.pageSize();

    @Test
    void populateWrite_onAReadOnlyMap_isRefusedAsReadOnly_notAsUnsupported() throws IOException {
        Path f = patternFile(2 * P);
        MemoryMap ro = open(f, Access.READ);
        refused(MapReadOnlyException.class, "madvise(POPULATE_WRITE) is not allowed: Advice.POPULATE_WRITE faults the"
                + " pages in for writing and the map is read-only (opened with Access.READ); nothing was changed", ro, f,
                () -> ro.madvise(Advice.POPULATE_WRITE, 0, P));
        refused(MapReadOnlyException.class, "the map is read-only (opened with Access.READ)", ro, f,
                () -> ro.madvise(Advice.POPULATE_WRITE));
        ro.madvise(Advice.POPULATE_READ, 0, P);     // reading ahead stays allowed
        if (backend() == Backend.NATIVE) {          // protect() is NATIVE's
            MemoryMap w = open(f, Access.WRITE);
            w.protect(Access.READ);
            refused(MapReadOnlyException.class, "madvise(POPULATE_WRITE) is not allowed: Advice.POPULATE_WRITE faults"
                    + " the pages in for writing and the map is read-only (protect(Access.READ)); nothing was changed",
                    w, f, () -> w.madvise(Advice.POPULATE_WRITE, 0, 2 * P));
        }
    }

    /**
     * Runs {@code call} (which must throw) until jmmap's UncheckedIOException comes out, at most 50
     * times, and returns its message (skips the test if it never does). Once the JIT compiled the
     * path the JVM's own InternalError may come out instead, thrown in the caller where jmmap cannot
     * translate it (see TruncationSuite), and then after the call has moved its positions as if it
     * had read: so each try starts afresh.
     */
    private static String translatedFault(Executable call) {
        for (int i = 0; i < 50; i++) {
            Throwable e = assertThrows(Throwable.class, call);
            if (e instanceof UncheckedIOException u) {
                return u.getMessage();
            }
            if (!(e instanceof InternalError) || !TruncationSuite.JVM_FAULT.equals(e.getMessage())) {
                throw new AssertionError("neither jmmap's UncheckedIOException nor the JVM's fault", e);
            }
        }
        return Assumptions.abort("skipped: the JIT has compiled the path, so the JVM throws its own InternalError in the"
                + " caller every time and there is no message of jmmap's to check");
    }

    @Test
    void byteBufferReadAndWrite_onATruncatedFile_sayWhatTheOtherCallsSay() throws IOException {
        Path f = patternFile(3 * P);
        MemoryMap m = open(f, Access.WRITE);
        try (FileChannel c = FileChannel.open(f, StandardOpenOption.WRITE)) {
            c.truncate(0);
        }
        String truncated = "cannot access the mapped memory: the file was truncated underneath the map (its size is now 0"
                + " bytes; the map reaches byte " + 3 * P + ")";
        String bytes = translatedFault(() -> {
            m.seek(0);
            m.readInto(new byte[P], 0, P);
        });
        assertTrue(bytes.contains(truncated), bytes);
        for (ByteBuffer dst : new ByteBuffer[]{ByteBuffer.allocate(P), ByteBuffer.allocateDirect(P)}) {
            String e = translatedFault(() -> {
                m.seek(0);
                m.readInto(dst.clear());
            });
            assertTrue(e.contains(truncated), e);
            assertEquals(0, dst.position(), "dst's position moved");
        }
        ByteBuffer src = ByteBuffer.allocate(P);
        String e = translatedFault(() -> {
            m.seek(0);
            m.write(src.clear());
        });
        assertTrue(e.contains(truncated), e);
        assertEquals(0, src.position(), "src's position moved");
        assertEquals(0, m.tell(), "the map's position moved");
    }
}
