package io.github.jmmap.conformance;

import io.github.jmmap.Access;
import io.github.jmmap.Backend;
import io.github.jmmap.MapOptions;
import io.github.jmmap.MapOverflowException;
import io.github.jmmap.MapReadOnlyException;
import io.github.jmmap.MapUnderflowException;
import io.github.jmmap.MemoryMap;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.BufferOverflowException;
import java.nio.BufferUnderflowException;
import java.nio.ReadOnlyBufferException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Semantics the conformance suite left loose, each checked against CPython's {@code mmap} (3.11
 * on the build machine): find/rfind bounds past the end or reversed, resize to the current
 * length, stepped slices with huge steps, reads beyond what a byte[] holds, the public types of
 * the buffer exceptions, the read-only message after protect, and tagnames with lone surrogates.
 * One concrete subclass per backend.
 */
@DisplayNameGeneration(BackendDisplayNames.class)
public abstract class SemanticsSuite extends MapTestSupport {

    // ------------------------------------------------------------------------ find/rfind bounds

    @Test
    void find_boundsPastTheEndCountAsTheLengthAsInCPython() throws IOException {
        MemoryMap m = open(file(ascii("abcabcabca")), Access.READ);     // 'a' at 0, 3, 6, 9
        // the values CPython's mmap gives on these ten bytes
        assertEquals(10, m.find(new byte[0], 11));
        assertEquals(10, m.find(new byte[0], 10));
        assertEquals(10, m.find(new byte[0], 10, 10));
        assertEquals(9, m.find(ascii("a"), 8, 100));
        assertEquals(-1, m.find(ascii("a"), 10));
        assertEquals(-1, m.find(ascii("a"), 11));
        assertEquals(-1, m.find(ascii("a"), Long.MAX_VALUE, Long.MAX_VALUE));
        assertEquals(10, m.find(new byte[0], Long.MAX_VALUE, Long.MAX_VALUE));
        assertEquals(9, m.rfind(ascii("a"), 0, 100));
        assertEquals(10, m.rfind(new byte[0], 11));
        assertEquals(10, m.rfind(new byte[0], 3, 100));
        assertEquals(3, m.find(ascii("abca"), 1, Long.MAX_VALUE));
        assertEquals(6, m.rfind(ascii("abca"), 1, Long.MAX_VALUE));
        assertEquals(0, m.tell(), "find does not move the position");
    }

    @Test
    void find_reversedBoundsFindNothingAsInCPython() throws IOException {
        MemoryMap m = open(file(ascii("abcabcabca")), Access.READ);
        assertEquals(-1, m.find(ascii("b"), 5, 3));
        assertEquals(-1, m.rfind(ascii("b"), 5, 3));
        assertEquals(-1, m.find(new byte[0], 5, 3));
        assertEquals(-1, m.rfind(new byte[0], 5, 3));
        assertEquals(-1, m.find(new byte[0], 100, 5));       // start clamps to 10, still > 5
        assertEquals(-1, m.rfind(ascii("a"), 11, 9));
        assertEquals(5, m.find(new byte[0], 5, 5));
        assertEquals(5, m.rfind(new byte[0], 5, 5));
    }

    @Test
    void find_negativeBoundsAreRefusedNamingTheArgument() throws IOException {
        Path p = file(ascii("abcabcabca"));
        MemoryMap m = open(p, Access.READ);
        refused(IllegalArgumentException.class, "start must be >= 0, got -1", m, p, () -> m.find(ascii("a"), -1));
        refused(IllegalArgumentException.class, "start must be >= 0, got -1", m, p, () -> m.rfind(ascii("a"), -1));
        refused(IllegalArgumentException.class, "start must be >= 0, got -2", m, p,
                () -> m.find(ascii("a"), -2, 5));
        refused(IllegalArgumentException.class, "end must be >= 0, got -1", m, p, () -> m.find(ascii("a"), 0, -1));
        refused(IllegalArgumentException.class, "end must be >= 0, got " + Long.MIN_VALUE, m, p,
                () -> m.rfind(ascii("a"), 20, Long.MIN_VALUE));
    }

    @Test
    void find_withoutStartFromAPositionPastTheShrunkEnd() throws IOException {
        Path p = file(ascii("abcdefghij"));
        MemoryMap m = open(p, Access.WRITE);
        m.seek(10);
        m.resize(4);
        assertEquals(10, m.tell());
        // CPython: find(b"") and rfind(b"") are 4, find(b"a") is -1 (the start clamps to the length)
        assertEquals(4, m.find(new byte[0]));
        assertEquals(4, m.rfind(new byte[0]));
        assertEquals(-1, m.find(ascii("a")));
        assertEquals(-1, m.rfind(ascii("d")));
        assertEquals(3, m.find(ascii("d"), 0, 100));
    }

    // ------------------------------------------------------------------------ resize

    @Test
    void resize_toTheCurrentLengthSetsTheFileSize() throws IOException {
        Path p = patternFile(16384);
        MemoryMap m = open(p, opts().access(Access.WRITE).length(13424).build());
        m.resize(13424);
        assertEquals(13424, Files.size(p), "the file's size is offset + length, as CPython's resize sets it");
        m.resize(15335);
        assertEquals(15335, Files.size(p));
        byte[] tail = m.get(13424, 15335);
        assertArrayEquals(new byte[15335 - 13424], tail, "the bytes past the old end are zeros, not the old bytes");
        assertArrayEquals(tail, Arrays.copyOfRange(Files.readAllBytes(p), 13424, 15335));
        assertArrayEquals(Arrays.copyOf(pattern(16384), 13424), m.get(0, 13424));
    }

    @Test
    void resize_toTheCurrentLengthWithAnOffsetSetsTheFileSize() throws IOException {
        Path p = patternFile(16384);
        MemoryMap m = open(p, opts().access(Access.DEFAULT).offset(4096).length(9328).build());
        m.resize(9328);
        assertEquals(4096 + 9328, Files.size(p));
        assertArrayEquals(Arrays.copyOfRange(pattern(16384), 4096, 4096 + 9328), m.get(0, 9328));
    }

    // ------------------------------------------------------------------------ stepped slices

    @Test
    void steppedSlice_hugeStepsGiveOneByte() throws IOException {
        byte[] data = pattern(100);
        MemoryMap m = open(file(data), Access.WRITE);
        // CPython: m[0:10:sys.maxsize] == m[0:1], m[99::-sys.maxsize-1] == m[99:100]
        assertArrayEquals(new byte[] {data[0]}, m.get(0, 10, Long.MAX_VALUE));
        assertArrayEquals(new byte[] {data[0]}, m.get(0, 2, Long.MAX_VALUE));
        assertArrayEquals(new byte[] {data[0]}, m.get(0, 100, Long.MAX_VALUE - 1));
        assertArrayEquals(new byte[] {data[99]}, m.get(99, -1, Long.MIN_VALUE));
        assertArrayEquals(new byte[] {data[99]}, m.get(99, -1, -Long.MAX_VALUE));
        assertArrayEquals(new byte[] {data[50]}, m.get(50, 0, Long.MIN_VALUE + 1));
        assertArrayEquals(new byte[0], m.get(7, 7, Long.MAX_VALUE));
        assertArrayEquals(new byte[0], m.get(7, 7, Long.MIN_VALUE));
        m.set(0, 10, Long.MAX_VALUE, new byte[] {1});
        m.set(99, -1, Long.MIN_VALUE, new byte[] {2});
        assertEquals(1, m.get(0));
        assertEquals(2, m.get(99));
        assertEquals(data[1], m.get(1));
        assertEquals(data[98], m.get(98));
    }

    @Test
    void steppedSlice_wrongSizeWithHugeStepsNamesTheRealCount() throws IOException {
        Path p = patternFile(100);
        MemoryMap m = open(p, Access.WRITE);
        refused(IndexOutOfBoundsException.class,
                "src has 2 bytes but the stepped slice [0, 10, step 9223372036854775807) has 1", m, p,
                () -> m.set(0, 10, Long.MAX_VALUE, new byte[2]));
        refused(IndexOutOfBoundsException.class,
                "src has 0 bytes but the stepped slice [99, -1, step -9223372036854775808) has 1", m, p,
                () -> m.set(99, -1, Long.MIN_VALUE, new byte[0]));
    }

    @Test
    void slices_nearLongMaxValueAreRefusedWithTheRealBounds() throws IOException {
        Path p = patternFile(100);
        MemoryMap m = open(p, Access.WRITE);
        refused(IndexOutOfBoundsException.class, "slice [9223372036854775806, 9223372036854775810) is out of range"
                + " for length 100", m, p, () -> m.set(Long.MAX_VALUE - 1, new byte[4]));
    }

    // ------------------------------------------------------------------------ beyond a byte[]

    /** A sparse file of 3 GiB, its last five bytes "tail\n"; skipped where the file system has no sparse files. */
    private Path sparse3GiB() throws IOException {
        Path p = dir.resolve("sparse.bin");
        long size = 3L << 30;
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(size);
            f.seek(size - 5);
            f.write(ascii("tail\n"));
        }
        assumeTrue(Files.getFileStore(p).getUsableSpace() > 0, "no space for a sparse file");
        return p;
    }

    @Test
    void read_moreThanAByteArrayHoldsIsRefusedClearly() throws IOException {
        Path p = sparse3GiB();
        MemoryMap m = open(p, Access.READ);
        // refused() would copy the whole map to compare it: check the position by hand
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.read(Integer.MAX_VALUE));
        assertEquals("read(2147483647): 2147483647 bytes do not fit in a byte[] (at most 2147483639); use a"
                + " smaller n", e.getMessage());
        assertEquals(0, m.tell());
        m.seek(1);
        e = assertThrows(IllegalArgumentException.class, () -> m.read(Integer.MAX_VALUE - 7));
        assertEquals("read(2147483640): 2147483640 bytes do not fit in a byte[] (at most 2147483639); use a"
                + " smaller n", e.getMessage());
        assertEquals(1, m.tell());
        m.seek(m.length() - 5);
        assertArrayEquals(ascii("tail\n"), m.read(Integer.MAX_VALUE), "near the end, read(n) returns what is left");
        assertEquals(m.length(), m.tell());
    }

    @Test
    void asCharSequence_toStringOfMoreThanAStringHoldsIsRefusedClearly() throws IOException {
        Path p = sparse3GiB();
        MemoryMap m = open(p, Access.READ);
        CharSequence window = m.asCharSequence(1, 1L + Integer.MAX_VALUE);
        assertEquals(Integer.MAX_VALUE, window.length());
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, window::toString);
        assertEquals("toString() of 2147483647 chars: more than a String holds (at most 2147483639); use"
                + " subSequence for a smaller window", e.getMessage());
        assertEquals("tail\n", m.asCharSequence(m.length() - 5, m.length()).toString());
        assertEquals("ail", m.asCharSequence(m.length() - 4, m.length()).subSequence(0, 3).toString());
    }

    // ------------------------------------------------------------------------ exception types

    /** Fails if the throwable, a cause or a suppressed exception is of a class in io.github.jmmap.internal. */
    static void assertNoInternalClass(Throwable t) {
        List<Throwable> seen = new ArrayList<>();
        List<Throwable> todo = new ArrayList<>(List.of(t));
        while (!todo.isEmpty()) {
            Throwable x = todo.removeLast();
            if (seen.stream().anyMatch(s -> s == x)) {
                continue;
            }
            seen.add(x);
            assertFalse(x.getClass().getName().startsWith("io.github.jmmap.internal"),
                    "users see an internal class: " + x.getClass().getName());
            if (x.getCause() != null) {
                todo.add(x.getCause());
            }
            todo.addAll(Arrays.asList(x.getSuppressed()));
        }
    }

    @Test
    void bufferExceptions_arePublicTypesWithTheirMessages() throws IOException {
        Path p = patternFile(10);
        MemoryMap r = open(p, Access.READ);
        ReadOnlyBufferException ro = refused(ReadOnlyBufferException.class,
                "set is not allowed: the map was opened with Access.READ", r, p, () -> r.set(0, (byte) 1));
        assertEquals(MapReadOnlyException.class, ro.getClass());
        assertNoInternalClass(ro);
        MemoryMap w = open(p, Access.WRITE);
        w.seek(8);
        BufferOverflowException over = refused(BufferOverflowException.class,
                "write of 3 byte(s) at position 8 does not fit in the map of length 10; nothing was written", w, p,
                () -> w.write(new byte[3]));
        assertEquals(MapOverflowException.class, over.getClass());
        assertNoInternalClass(over);
        w.seek(10);
        BufferOverflowException overByte = refused(BufferOverflowException.class, "writeByte of 1 byte(s) at position 10",
                w, p, () -> w.writeByte((byte) 1));
        assertEquals(MapOverflowException.class, overByte.getClass());
        assertNoInternalClass(overByte);
        BufferUnderflowException under = refused(BufferUnderflowException.class,
                "readByte at position 10: no byte left in the map of length 10", w, p, w::readByte);
        assertEquals(MapUnderflowException.class, under.getClass());
        assertNoInternalClass(under);
    }

    // ------------------------------------------------------------------------ protect

    @Test
    void protect_readOnlyMessageSaysProtectNotOpened() throws IOException {
        assumeTrue(backend() == Backend.NATIVE, "protect() is a NATIVE feature");
        Path p = patternFile(4096);
        for (Access opened : new Access[] {Access.DEFAULT, Access.WRITE, Access.COPY}) {
            MemoryMap m = open(p, opened);
            m.protect(Access.READ);
            String why = "is not allowed: the map is read-only since protect(Access.READ)";
            refused(ReadOnlyBufferException.class, "set " + why, m, p, () -> m.set(0, (byte) 1));
            refused(ReadOnlyBufferException.class, "write " + why, m, p, () -> m.write(new byte[1]));
            refused(ReadOnlyBufferException.class, "move " + why, m, p, () -> m.move(0, 1, 1));
            if (opened != Access.COPY) {
                refused(ReadOnlyBufferException.class, "resize " + why, m, p, () -> m.resize(10));
            }
            m.protect(opened);
            m.set(0, (byte) 1);
            m.close();
        }
    }

    // ------------------------------------------------------------------------ tagnames

    @Test
    void tagname_withALoneSurrogateIsRefusedNamingTagname() throws IOException {
        for (String bad : new String[] {"jm\uD800x", "jm\uDC00", "\uDBFFjm", "jm\uDC00\uD800"}) {
            MapOptions o = opts().tagname(bad).build();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MemoryMap.anonymous(4096, o));
            assertEquals("tagname must not contain a lone surrogate (U+" + Integer.toHexString(firstLone(bad))
                    .toUpperCase() + " at index " + indexOfLone(bad) + "): it is not valid Unicode", e.getMessage());
        }
        String pair = tagname("s") + "\uD83D\uDE00";            // a surrogate pair is a valid character
        try (MemoryMap m = MemoryMap.anonymous(4096, opts().tagname(pair).build())) {
            m.set(0, (byte) 7);
        } finally {
            MemoryMap.unlinkNamed(pair, backend() == Backend.JAVA ? Backend.JAVA : backend());
        }
    }

    private static int indexOfLone(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    private static int firstLone(String s) {
        return s.charAt(indexOfLone(s));
    }
}
