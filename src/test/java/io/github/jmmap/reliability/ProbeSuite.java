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
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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

    @Test
    void channelWritability_followsTheProtectionAtEachWrite_notAtCreation() throws IOException {
        Path f = patternFile(P);
        MemoryMap ro = open(f, Access.READ);
        SeekableByteChannel roCh = ro.channel();
        refused(NonWritableChannelException.class, null, ro, f, () -> roCh.write(ByteBuffer.wrap(new byte[]{1})));
        refused(NonWritableChannelException.class, null, ro, f, () -> roCh.truncate(P));
        Assumptions.assumeTrue(backend() == Backend.NATIVE, "protect() needs the NATIVE backend");
        MemoryMap m = open(f, Access.WRITE);
        SeekableByteChannel before = m.channel();
        m.protect(Access.READ);
        SeekableByteChannel during = m.channel();
        String message = assertThrows(MapReadOnlyException.class, () -> m.write(new byte[]{1})).getMessage();
        for (SeekableByteChannel ch : new SeekableByteChannel[]{before, during}) {
            IOException e = refused(IOException.class, null, m, f, () -> ch.write(ByteBuffer.wrap(new byte[]{1})));
            assertEquals(IOException.class, e.getClass());
            assertEquals(message, e.getMessage());
            assertInstanceOf(MapReadOnlyException.class, e.getCause());
        }
        m.protect(Access.WRITE);
        SeekableByteChannel after = m.channel();
        for (SeekableByteChannel ch : new SeekableByteChannel[]{before, during, after}) {
            assertEquals(1, ch.position(0).write(ByteBuffer.wrap(new byte[]{42})));
            assertEquals(42, m.get(0));
            m.set(0, (byte) 0);
        }
    }

    @Test
    void javaResizeFailure_namesTheCallAndTheFile() throws IOException {
        Path f = patternFile(P);
        MemoryMap m = open(f, Access.WRITE);
        IOException e = assertThrows(IOException.class, () -> m.resize(1L << 45));
        String message = backend() == Backend.NATIVE
                ? "ftruncate " + f + " failed: EFBIG (27): File too large"
                : "FileChannel.write " + f + " failed: File too large (1 byte at offset " + ((1L << 45) - 1)
                        + ", to extend the file to " + (1L << 45) + " bytes)";
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertEquals(P, m.length());
        assertEquals(P, f.toFile().length());
    }

    private static final String UNMAPPED = "the buffer's memory is no longer mapped: it is a view of a map that was"
            + " closed or resized since";

    /** A view from {@link MemoryMap#asByteBuffer} of a map that was then resized, and one of a closed map. */
    private ByteBuffer[] deadViews() throws IOException {
        MemoryMap resized = open(patternFile(2 * P), Access.WRITE);
        ByteBuffer a = resized.asByteBuffer(0, 8);
        resized.resize(P);
        MemoryMap closed = open(patternFile(2 * P), Access.WRITE);
        ByteBuffer b = closed.asByteBuffer(0, 8);
        closed.close();
        return new ByteBuffer[]{a, b};
    }

    private static void unmapped(Executable call) {
        IllegalStateException e = assertThrows(IllegalStateException.class, call);
        assertEquals(UNMAPPED, e.getMessage());
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertEquals("Already closed", e.getCause().getMessage());
    }

    @Test
    void aDeadViewPassedToReadIntoWriteOrAChannel_saysItsMemoryIsUnmapped() throws IOException {
        Path f = patternFile(P);
        MemoryMap m = open(f, Access.WRITE);
        SeekableByteChannel ch = m.channel();
        for (ByteBuffer dead : deadViews()) {
            unmapped(() -> m.readInto(dead));
            unmapped(() -> m.write(dead));
            unmapped(() -> ch.read(dead));
            unmapped(() -> ch.write(dead));
            assertEquals(0, m.tell(), "the map's position moved");
            assertEquals(0, ch.position(), "the channel's position moved");
            assertEquals(0, dead.position(), "the buffer's position moved");
        }
        m.close();
        for (ByteBuffer dead : deadViews()) {     // the map's own closing is still reported as such
            assertEquals("map is closed", assertThrows(IllegalStateException.class, () -> m.readInto(dead)).getMessage());
        }
    }

    @Test
    void streamArrayRanges_nameOffLenAndTheArrayLength() throws IOException {
        Path f = patternFile(P);
        MemoryMap m = open(f, Access.WRITE);
        InputStream in = m.inputStream();
        OutputStream out = m.outputStream();
        IndexOutOfBoundsException r = refused(IndexOutOfBoundsException.class, null, m, f, () -> in.read(new byte[4], 2, 3));
        assertEquals("off 2, len 3 is out of range for b of length 4", r.getMessage());
        IndexOutOfBoundsException w = refused(IndexOutOfBoundsException.class, null, m, f, () -> out.write(new byte[4], 2, 3));
        assertEquals("off 2, len 3 is out of range for b of length 4", w.getMessage());
        assertEquals("off -1, len 1 is out of range for b of length 4",
                assertThrows(IndexOutOfBoundsException.class, () -> in.read(new byte[4], -1, 1)).getMessage());
        assertEquals(0, m.tell());
        assertEquals(P, in.available(), "the stream moved");
    }

    @Test
    void transferToAMapChannel_stopsBeforeTheChunkThatDoesNotFit_andSaysHowMany() throws IOException {
        int size = 3 * P + 100;
        MemoryMap m = open(file(new byte[size]), Access.WRITE);
        Path from = patternFile(2 * size);
        try (FileChannel in = FileChannel.open(from); SeekableByteChannel ch = m.channel()) {
            long moved = in.transferTo(0, 2 * size, ch);
            assertTrue(moved > 0 && moved < size, "moved " + moved);   // all or nothing per chunk: short, never past
            assertEquals(moved, ch.position());
            byte[] want = new byte[size];
            System.arraycopy(pattern(2 * size), 0, want, 0, (int) moved);
            org.junit.jupiter.api.Assertions.assertArrayEquals(want, m.get(0, size));
        }
    }
}
