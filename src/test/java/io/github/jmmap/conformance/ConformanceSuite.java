package io.github.jmmap.conformance;

import io.github.jmmap.Access;
import io.github.jmmap.Advice;
import io.github.jmmap.Backend;
import io.github.jmmap.CreatePolicy;
import io.github.jmmap.MapOptions;
import io.github.jmmap.MemoryMap;
import io.github.jmmap.Whence;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.BufferOverflowException;
import java.nio.BufferUnderflowException;
import java.nio.ReadOnlyBufferException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The conformance suite: the behaviour every backend must show, line by line from parity.md
 * (CPython's test_mmap.py) and design.md's semantics table. One concrete subclass per backend runs
 * it unchanged; each test's display name starts with the backend, e.g. {@code [JAVA]}.
 */
@DisplayNameGeneration(BackendDisplayNames.class)
public abstract class ConformanceSuite extends MapTestSupport {

    /** One mapping unit: 4 KiB on Linux x86_64, 16 KiB on Apple silicon, 64 KiB on Windows. */
    static final long PAGE = MemoryMap.allocationGranularity();

    // ---------------------------------------------------------------------------- basic

    @Test
    void basic_lengthIndexAndSlices() throws IOException {
        byte[] content = new byte[(int) (2 * PAGE)];
        System.arraycopy(ascii("foo"), 0, content, (int) PAGE, 3);
        Path p = file(content);
        MemoryMap m = open(p, Access.WRITE);
        assertEquals(2 * PAGE, m.length());
        assertEquals(0, m.get(0));
        assertArrayEquals(new byte[3], m.get(0, 3));
        m.set(0, (byte) '3');
        m.set(PAGE, ascii("bar"));
        assertEquals('3', m.get(0));
        assertArrayEquals(ascii("3\0\0"), m.get(0, 3));
        assertArrayEquals(ascii("bar"), m.get(PAGE, PAGE + 3));
        m.flush();
        byte[] onDisk = Files.readAllBytes(p);
        assertEquals('3', onDisk[0]);
        assertArrayEquals(ascii("bar"), Arrays.copyOfRange(onDisk, (int) PAGE, (int) PAGE + 3));
    }

    @Test
    void basic_indexAtLengthIsOutOfBounds() throws IOException {
        Path p = patternFile(10);
        MemoryMap m = open(p, Access.WRITE);
        refused(IndexOutOfBoundsException.class, "index 10 is out of range [0, 10)", m, p, () -> m.get(10));
        refused(IndexOutOfBoundsException.class, "index -1 is out of range [0, 10)", m, p, () -> m.get(-1));
        refused(IndexOutOfBoundsException.class, "index 10 is out of range", m, p, () -> m.set(10, (byte) 1));
        refused(IndexOutOfBoundsException.class, "index -1 is out of range", m, p, () -> m.set(-1, (byte) 1));
    }

    @Test
    void basic_regexOverTheMap() throws IOException {
        Path p = file(ascii("zzzz foo123 zz bar45 zzz"));
        MemoryMap m = open(p, Access.READ);
        Matcher x = Pattern.compile("[a-z]+(\\d+)").matcher(m.asCharSequence());
        assertTrue(x.find());
        assertEquals(5, x.start());
        assertEquals("123", x.group(1));
        assertTrue(x.find());
        assertEquals("bar45", x.group());
        assertFalse(x.find());
    }

    @Test
    void basic_regexSeesBytesAbove127AsLatin1() throws IOException {
        byte[] b = {'a', (byte) 0xE9, (byte) 0xFF, 'z'};
        MemoryMap m = open(file(b), Access.READ);
        CharSequence cs = m.asCharSequence();
        assertEquals('\u00E9', cs.charAt(1));
        assertEquals('\u00FF', cs.charAt(2));
        assertTrue(Pattern.compile("a\u00E9\u00FFz").matcher(cs).matches());
        assertEquals("a\u00E9\u00FFz", cs.toString());
        assertEquals("\u00E9\u00FF", cs.subSequence(1, 3).toString());
    }

    @Test
    void basic_seekReturnsTheNewPosition() throws IOException {
        MemoryMap m = open(patternFile(100), Access.READ);
        assertEquals(42, m.seek(42));
        assertEquals(42, m.tell());
        assertEquals(50, m.seek(8, Whence.CURRENT));
        assertEquals(40, m.seek(-10, Whence.CURRENT));
        assertEquals(95, m.seek(-5, Whence.END));
        assertEquals(100, m.seek(0, Whence.END));
        assertEquals(0, m.seek(0, Whence.SET));
    }

    @ParameterizedTest(name = "{displayName} seek({0}, {1})")
    @org.junit.jupiter.params.provider.CsvSource({"-1, SET", "101, SET", "1, END", "-101, END", "-1, CURRENT",
            "101, CURRENT", "9223372036854775807, CURRENT", "-9223372036854775808, END"})
    void basic_badSeeksAreRefusedAndThePositionKept(long pos, Whence whence) throws IOException {
        Path p = patternFile(100);
        MemoryMap m = open(p, Access.READ);
        m.seek(0);
        refused(IllegalArgumentException.class, "outside [0, 100]", m, p, () -> m.seek(pos, whence));
        assertEquals(0, m.tell());
    }

    @Test
    void basic_resizeChangesTheFileSize() throws IOException {
        Path p = patternFile(100);
        MemoryMap m = open(p, Access.WRITE);
        m.resize(300);
        assertEquals(300, m.length());
        assertEquals(300, Files.size(p));
        assertEquals(300, m.size());
        m.resize(50);
        assertEquals(50, m.length());
        assertEquals(50, Files.size(p));
        assertArrayEquals(Arrays.copyOf(pattern(100), 50), m.get(0, 50));
    }

    @Test
    void basic_sliceOutOfRangeIsRefused() throws IOException {
        Path p = patternFile(10);
        MemoryMap m = open(p, Access.WRITE);
        refused(IndexOutOfBoundsException.class, "slice [0, 11) is out of range for length 10", m, p, () -> m.get(0, 11));
        refused(IndexOutOfBoundsException.class, "slice [-1, 3)", m, p, () -> m.get(-1, 3));
        refused(IndexOutOfBoundsException.class, "slice [5, 4)", m, p, () -> m.get(5, 4));
        refused(IndexOutOfBoundsException.class, "slice [8, 11)", m, p, () -> m.set(8, new byte[3]));
        refused(IndexOutOfBoundsException.class, "slice [-1, 2)", m, p, () -> m.set(-1, new byte[3]));
    }

    @Test
    void basic_sliceAssignmentOfTheWrongSizeIsRefused() throws IOException {
        Path p = patternFile(10);
        MemoryMap m = open(p, Access.WRITE);
        refused(IndexOutOfBoundsException.class, "src has 2 bytes but the slice [0, 3) has 3", m, p,
                () -> m.set(0, 3, new byte[2]));
        refused(IndexOutOfBoundsException.class, "src has 4 bytes", m, p, () -> m.set(0, 3, new byte[4]));
        m.set(2, 5, ascii("abc"));
        assertArrayEquals(ascii("abc"), m.get(2, 5));
    }

    @Test
    void basic_nullArgumentsNameTheArgument() throws IOException {
        Path p = patternFile(10);
        MemoryMap m = open(p, Access.WRITE);
        assertEquals("src", refused(NullPointerException.class, null, m, p, () -> m.set(0, (byte[]) null)).getMessage());
        assertEquals("sub", refused(NullPointerException.class, null, m, p, () -> m.find(null)).getMessage());
        assertEquals("src", refused(NullPointerException.class, null, m, p, () -> m.write((byte[]) null)).getMessage());
        assertEquals("whence", refused(NullPointerException.class, null, m, p, () -> m.seek(0, null)).getMessage());
        assertEquals("advice", refused(NullPointerException.class, null, m, p, () -> m.madvise(null)).getMessage());
        assertEquals("path", assertThrows(NullPointerException.class, () -> MemoryMap.open(null, opts(Access.READ)))
                .getMessage());
        assertEquals("options", assertThrows(NullPointerException.class, () -> MemoryMap.open(p, (MapOptions) null))
                .getMessage());
    }

    @Test
    void basic_backendIsTheOneAskedFor() throws IOException {
        MemoryMap m = open(patternFile(10), Access.READ);
        assertEquals(backend(), m.backend());
    }

    // ---------------------------------------------------------------------------- access_parameter

    @Test
    void access_readRefusesEveryWriteTypeCall() throws IOException {
        Path p = patternFile(64);
        MemoryMap m = open(p, Access.READ);
        String ro = "the map was opened with Access.READ";
        refused(ReadOnlyBufferException.class, "set is not allowed: " + ro, m, p, () -> m.set(0, (byte) 1));
        refused(ReadOnlyBufferException.class, "set is not allowed", m, p, () -> m.set(0, new byte[2]));
        refused(ReadOnlyBufferException.class, "set is not allowed", m, p, () -> m.set(0, 2, new byte[2]));
        refused(ReadOnlyBufferException.class, "set is not allowed", m, p, () -> m.set(0, 4, 2, new byte[2]));
        refused(ReadOnlyBufferException.class, "write is not allowed", m, p, () -> m.write(ascii("x")));
        refused(ReadOnlyBufferException.class, "writeByte is not allowed", m, p, () -> m.writeByte((byte) 1));
        refused(ReadOnlyBufferException.class, "move is not allowed", m, p, () -> m.move(0, 1, 2));
        refused(ReadOnlyBufferException.class, "resize is not allowed", m, p, () -> m.resize(128));
        refused(ReadOnlyBufferException.class, "setInt is not allowed", m, p, () -> m.setInt(0, 1));
        refused(ReadOnlyBufferException.class, "setLong is not allowed", m, p, () -> m.setLong(0, 1));
        assertEquals(64, Files.size(p));
    }

    @Test
    void access_readRefusesAsReadOnlyBeforeCheckingRanges() throws IOException {
        Path p = patternFile(16);
        MemoryMap m = open(p, Access.READ);
        refused(ReadOnlyBufferException.class, "set is not allowed", m, p, () -> m.set(100, (byte) 1));
        refused(ReadOnlyBufferException.class, "set is not allowed", m, p, () -> m.set(100, new byte[2]));
        refused(ReadOnlyBufferException.class, "move is not allowed", m, p, () -> m.move(-1, 100, 5));
        refused(ReadOnlyBufferException.class, "resize is not allowed", m, p, () -> m.resize(-5));
        m.seek(16);
        refused(ReadOnlyBufferException.class, "write is not allowed", m, p, () -> m.write(new byte[100]));
        refused(ReadOnlyBufferException.class, "writeByte is not allowed", m, p, () -> m.writeByte((byte) 0));
    }

    @Test
    void access_readSegmentIsReadOnly() throws IOException {
        Path p = patternFile(16);
        MemoryMap m = open(p, Access.READ);
        assertTrue(m.segment().isReadOnly());
        assertThrows(IllegalArgumentException.class, () -> m.segment().set(ValueLayout.JAVA_BYTE, 0, (byte) 1));
        assertArrayEquals(pattern(16), Files.readAllBytes(p));
    }

    @Test
    void access_writeChangesReachTheFile() throws IOException {
        Path p = patternFile(32);
        try (MemoryMap m = MemoryMap.open(p, opts(Access.WRITE))) {
            m.set(3, ascii("write"));
            m.seek(20);
            m.write(ascii("through"));
        }
        byte[] expected = pattern(32);
        System.arraycopy(ascii("write"), 0, expected, 3, 5);
        System.arraycopy(ascii("through"), 0, expected, 20, 7);
        assertArrayEquals(expected, Files.readAllBytes(p));
    }

    @Test
    void access_defaultBehavesAsWrite() throws IOException {
        Path p = patternFile(32);
        try (MemoryMap m = MemoryMap.open(p, opts(Access.DEFAULT))) {
            assertEquals(Access.DEFAULT, m.access());
            m.set(0, (byte) 'D');
            m.resize(40);
        }
        assertEquals('D', Files.readAllBytes(p)[0]);
        assertEquals(40, Files.size(p));
    }

    @Test
    void access_copyChangesNeverReachTheFile() throws IOException {
        Path p = patternFile(64);
        try (MemoryMap m = MemoryMap.open(p, opts(Access.COPY))) {
            m.set(0, ascii("copy on write"));
            m.seek(30);
            m.write(ascii("xyz"));
            m.writeByte((byte) 1);
            m.move(40, 0, 10);
            m.flush();
            assertArrayEquals(ascii("copy on write"), m.get(0, 13));
            assertArrayEquals(ascii("copy on wr"), m.get(40, 50));
        }
        assertArrayEquals(pattern(64), Files.readAllBytes(p));
    }

    @Test
    void access_copyCannotResize() throws IOException {
        Path p = patternFile(64);
        MemoryMap m = open(p, Access.COPY);
        refused(UnsupportedOperationException.class, "a COPY map cannot be resized", m, p, () -> m.resize(128));
        assertEquals(64, m.length());
    }

    @Test
    void access_twoWriteMapsOfOneFileShareMemory() throws IOException {
        Path p = patternFile(64);
        MemoryMap a = open(p, Access.WRITE);
        MemoryMap b = open(p, Access.WRITE);
        a.set(5, (byte) 99);
        assertEquals(99, b.get(5));
        MemoryMap r = open(p, Access.READ);
        b.set(6, (byte) 77);
        assertEquals(77, r.get(6));
    }

    // ---------------------------------------------------------------------------- trackfd_parameter

    @Test
    void trackfd_withoutHandleSizeAndResizeRefuse() throws IOException {
        Path p = patternFile(64);
        MemoryMap m = open(p, opts().access(Access.WRITE).trackFd(false).build());
        refused(UnsupportedOperationException.class, "size() needs the file handle", m, p, m::size);
        refused(UnsupportedOperationException.class, "resize() needs the file handle", m, p, () -> m.resize(10));
        m.set(0, (byte) 42);
        assertEquals(42, m.get(0));
        m.flush();
        assertEquals(64, m.length());
        m.close();
        assertEquals(42, Files.readAllBytes(p)[0]);
    }

    @Test
    void trackfd_defaultKeepsTheHandle() throws IOException {
        Path p = patternFile(64);
        MemoryMap m = open(p, Access.WRITE);
        try (RandomAccessFile raf = new RandomAccessFile(p.toFile(), "rw")) {
            raf.setLength(100);
        }
        assertEquals(100, m.size());
        assertEquals(64, m.length());
    }

    // ---------------------------------------------------------------------------- bad_file_desc

    @Test
    void badFile_missingFileIsNoSuchFile() {
        Path missing = dir.resolve("missing.bin");
        assertThrows(NoSuchFileException.class, () -> MemoryMap.open(missing, opts(Access.READ)));
        assertThrows(NoSuchFileException.class, () -> MemoryMap.open(missing, opts(Access.WRITE)));
        assertFalse(Files.exists(missing));
    }

    @Test
    void badFile_directoryIsRefusedWithIOException() {
        IOException e = assertThrows(IOException.class, () -> MemoryMap.open(dir, opts(Access.READ)));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    }

    // ---------------------------------------------------------------------------- find / rfind

    @Test
    void find_everySubstringIsFoundAtItsFirstIndex() throws IOException {
        byte[] data = ascii("aabaac\0deef\0\0aa\0");
        MemoryMap m = open(file(data), Access.READ);
        String s = new String(data, java.nio.charset.StandardCharsets.ISO_8859_1);
        for (int start = 0; start < data.length; start++) {
            for (int end = start + 1; end <= data.length; end++) {
                byte[] sub = Arrays.copyOfRange(data, start, end);
                String subS = s.substring(start, end);
                assertEquals(s.indexOf(subS), m.find(sub, 0), "find " + subS);
                assertEquals(s.lastIndexOf(subS), m.rfind(sub, 0), "rfind " + subS);
            }
        }
        assertEquals(-1, m.find(ascii("aaaa"), 0));
    }

    @Test
    void find_withEmbeddedZeros() throws IOException {
        byte[] data = new byte[100];
        data[50] = 1;
        data[52] = 1;
        MemoryMap m = open(file(data), Access.READ);
        assertEquals(50, m.find(new byte[] {1, 0, 1}, 0));
        assertEquals(0, m.find(new byte[] {0, 0, 0}, 0));
        assertEquals(97, m.rfind(new byte[] {0, 0, 0}, 0));
        assertEquals(49, m.find(new byte[] {0, 1, 0}, 0));
        assertEquals(51, m.rfind(new byte[] {0, 1, 0}, 0));
    }

    @Test
    void find_endBoundsTheMatch() throws IOException {
        MemoryMap m = open(file(ascii("one two ones")), Access.READ);
        assertEquals(8, m.find(ascii("one"), 1));
        assertEquals(8, m.find(ascii("one"), 1, 11));
        assertEquals(-1, m.find(ascii("one"), 1, 10));
        assertEquals(0, m.find(ascii("one"), 0, 3));
        assertEquals(-1, m.find(ascii("one"), 0, 2));
        assertEquals(0, m.rfind(ascii("one"), 0, 10));
        assertEquals(8, m.rfind(ascii("one"), 0, 12));
        assertEquals(-1, m.rfind(ascii("one"), 1, 10));
    }

    @Test
    void find_withoutStartSearchesFromThePosition() throws IOException {
        MemoryMap m = open(file(ascii("abc abc abc")), Access.READ);
        assertEquals(0, m.find(ascii("abc")));
        m.seek(1);
        assertEquals(4, m.find(ascii("abc")));
        assertEquals(8, m.rfind(ascii("abc")));
        m.seek(9);
        assertEquals(-1, m.find(ascii("abc")));
        assertEquals(-1, m.rfind(ascii("abc")));
        assertEquals(9, m.tell(), "find does not move the position");
    }

    @Test
    void find_emptyNeedleMatchesAtTheBounds() throws IOException {
        MemoryMap m = open(file(ascii("abcdef")), Access.READ);
        assertEquals(2, m.find(new byte[0], 2));
        assertEquals(6, m.find(new byte[0], 6));
        assertEquals(6, m.rfind(new byte[0], 2));
        assertEquals(4, m.rfind(new byte[0], 2, 4));
    }

    @Test
    void find_boundsPastTheEndClampAndNegativeBoundsAreRefused() throws IOException {
        Path p = file(ascii("abcdef"));
        MemoryMap m = open(p, Access.READ);
        assertEquals(-1, m.find(ascii("a"), 7));                 // CPython: the start counts as the length
        assertEquals(0, m.find(ascii("a"), 0, 7));
        assertEquals(-1, m.rfind(ascii("a"), 4, 3));              // reversed: nothing found
        refused(IllegalArgumentException.class, "start must be >= 0, got -1", m, p, () -> m.find(ascii("a"), -1));
    }

    @Test
    void find_matchesANaiveSearchOnRandomData() throws IOException {
        byte[] data = random(50_000, 7);
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (data[i] & 3);           // a small alphabet: many partial matches
        }
        MemoryMap m = open(file(data), Access.READ);
        java.util.Random r = new java.util.Random(11);
        for (int round = 0; round < 300; round++) {
            int n = 1 + r.nextInt(20);
            byte[] needle = new byte[n];
            for (int k = 0; k < n; k++) {
                needle[k] = (byte) r.nextInt(4);
            }
            int start = r.nextInt(data.length);
            int end = start + r.nextInt(data.length - start + 1);
            assertEquals(naiveFind(data, needle, start, end, true), m.find(needle, start, end));
            assertEquals(naiveFind(data, needle, start, end, false), m.rfind(needle, start, end));
        }
    }

    static long naiveFind(byte[] data, byte[] needle, int start, int end, boolean forward) {
        long found = -1;
        for (int i = start; i + needle.length <= end; i++) {
            if (Arrays.equals(data, i, i + needle.length, needle, 0, needle.length)) {
                if (forward) {
                    return i;
                }
                found = i;
            }
        }
        return found;
    }

    @Test
    void find_doesNotLookBeyondTheMap() throws IOException {
        // the file goes on with the needle's tail, but the map stops before it
        byte[] data = new byte[(int) (2 * PAGE)];
        byte[] needle = ascii("needle");
        System.arraycopy(needle, 0, data, (int) PAGE - 3, needle.length);
        Path p = file(data);
        MemoryMap m = open(p, opts().access(Access.READ).length(PAGE).build());
        assertEquals(-1, m.find(needle, 0));
        assertEquals(-1, m.rfind(needle, 0));
        assertEquals(PAGE - 3, m.find(ascii("nee"), 0));
    }

    // ---------------------------------------------------------------------------- close

    @Test
    void close_twiceIsANoOp() throws IOException {
        MemoryMap m = MemoryMap.open(patternFile(10), opts(Access.READ));
        m.close();
        assertTrue(m.isClosed());
        assertDoesNotThrow(m::close);
    }

    @Test
    void close_tryWithResourcesClosesOnException() throws IOException {
        Path p = patternFile(10);
        MemoryMap[] seen = new MemoryMap[1];
        assertThrows(ArithmeticException.class, () -> {
            try (MemoryMap m = MemoryMap.open(p, opts(Access.READ))) {
                seen[0] = m;
                throw new ArithmeticException("boom");
            }
        });
        assertTrue(seen[0].isClosed());
    }

    @Test
    void close_everyCallAfterCloseIsRefused() throws IOException {
        Path p = patternFile(10);
        MemoryMap m = MemoryMap.open(p, opts(Access.WRITE));
        m.close();
        List<org.junit.jupiter.api.function.Executable> calls = List.of(
                m::length, () -> m.get(0), () -> m.set(0, (byte) 1), () -> m.get(0, 1), () -> m.get(0, 4, 2),
                () -> m.set(0, new byte[1]), () -> m.find(ascii("a")), () -> m.rfind(ascii("a"), 0), m::tell,
                () -> m.seek(0), m::read, () -> m.read(1), m::readByte, m::readLine, () -> m.write(new byte[1]),
                () -> m.writeByte((byte) 1), m::flush, () -> m.flush(0, 1), () -> m.move(0, 1, 1),
                () -> m.resize(20), () -> m.madvise(Advice.NORMAL), m::segment, m::asCharSequence, m::size,
                () -> m.getLong(0), m::isLoaded);
        for (var call : calls) {
            IllegalStateException e = assertThrows(IllegalStateException.class, call);
            assertEquals("map is closed", e.getMessage());
        }
        assertArrayEquals(pattern(10), Files.readAllBytes(p));
    }

    @Test
    void close_viewsTakenBeforeCloseFailCleanly() throws IOException {
        MemoryMap m = MemoryMap.open(patternFile(100), opts(Access.WRITE));
        MemorySegment s = m.segment();
        CharSequence cs = m.asCharSequence();
        m.close();
        assertThrows(IllegalStateException.class, () -> s.get(ValueLayout.JAVA_BYTE, 0));
        assertThrows(IllegalStateException.class, () -> s.set(ValueLayout.JAVA_BYTE, 0, (byte) 1));
        assertThrows(IllegalStateException.class, () -> cs.charAt(0));
    }

    @Test
    void close_allowsDeletingTheFile() throws IOException {
        Path p = patternFile(100);
        MemoryMap m = MemoryMap.open(p, opts(Access.WRITE));
        m.close();
        Files.delete(p);
        assertFalse(Files.exists(p));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void close_unmapsAtOnce() throws IOException {
        Path p = patternFile((int) PAGE);
        MemoryMap m = MemoryMap.open(p, opts(Access.READ));
        String name = p.toRealPath().toString();
        assertTrue(Files.readString(Path.of("/proc/self/maps")).contains(name));
        m.close();
        assertFalse(Files.readString(Path.of("/proc/self/maps")).contains(name));
    }

    // ---------------------------------------------------------------------------- entire_file, length_0

    @Test
    void length0_mapsTheEntireFile() throws IOException {
        MemoryMap m = open(patternFile(12345), Access.READ);
        assertEquals(12345, m.length());
        assertArrayEquals(pattern(12345), m.read());
    }

    @Test
    void length0_withOffsetMapsToTheEnd() throws IOException {
        Path p = patternFile(3 * (int) PAGE);
        MemoryMap m = open(p, opts().access(Access.READ).offset(PAGE).build());
        assertEquals(2 * PAGE, m.length());
        assertEquals(PAGE, m.offset());
        assertArrayEquals(Arrays.copyOfRange(pattern(3 * (int) PAGE), (int) PAGE, 3 * (int) PAGE), m.read());
    }

    @ParameterizedTest(name = "{displayName} offset={0}")
    @ValueSource(longs = {100, 101, 4096, 1L << 40})
    void length0_offsetAtOrPastTheEndIsRefused(long offset) throws IOException {
        Path p = patternFile(100);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MemoryMap.open(p, opts().access(Access.WRITE).offset(offset).build()));
        assertEquals("offset " + offset + " is at or past the end of the file (size 100)", e.getMessage());
        assertArrayEquals(pattern(100), Files.readAllBytes(p));
    }

    @Test
    void emptyFile_cannotBeMapped() throws IOException {
        Path p = file(new byte[0]);
        for (Access a : Access.values()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MemoryMap.open(p, opts(a)));
            assertEquals("cannot map an empty file", e.getMessage());
        }
        assertEquals(0, Files.size(p));
    }

    @Test
    void options_negativeValuesNameTheArgument() {
        assertEquals("offset must be >= 0, got -1",
                assertThrows(IllegalArgumentException.class, () -> opts().offset(-1)).getMessage());
        assertEquals("length must be >= 0, got -5",
                assertThrows(IllegalArgumentException.class, () -> opts().length(-5)).getMessage());
        assertEquals("access", assertThrows(NullPointerException.class, () -> opts().access(null)).getMessage());
    }

    // ---------------------------------------------------------------------------- extension beyond the end

    @ParameterizedTest(name = "{displayName} {0}")
    @EnumSource(value = Access.class, names = {"WRITE", "DEFAULT"})
    void extend_writeMapsExtendTheFile(Access access) throws IOException {
        Path p = patternFile(100);
        MemoryMap m = open(p, opts().access(access).offset(50).length(200).build());
        assertEquals(250, Files.size(p));
        assertEquals(200, m.length());
        assertArrayEquals(Arrays.copyOfRange(pattern(100), 50, 100), m.get(0, 50));
        assertArrayEquals(new byte[150], m.get(50, 200));
    }

    @ParameterizedTest(name = "{displayName} {0}")
    @EnumSource(value = Access.class, names = {"READ", "COPY"})
    void extend_readAndCopyMapsRefuseToExtend(Access access) throws IOException {
        Path p = patternFile(100);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MemoryMap.open(p, opts().access(access).offset(50).length(51).build()));
        assertEquals("offset + length (101) is past the end of the file (size 100); an Access." + access
                + " map cannot extend it", e.getMessage());
        assertArrayEquals(pattern(100), Files.readAllBytes(p));
    }

    // ---------------------------------------------------------------------------- move

    @Test
    void move_everyOverlapIsRight() throws IOException {
        int n = 16;
        byte[] base = ascii("ABCDEFGHIJKLMNOP");
        MemoryMap m = open(file(base), Access.WRITE);
        for (int dest = 0; dest < n; dest++) {
            for (int src = 0; src < n; src++) {
                for (int count = 0; count <= n - Math.max(dest, src); count++) {
                    m.set(0, base);
                    m.move(dest, src, count);
                    byte[] expected = base.clone();
                    System.arraycopy(base, src, expected, dest, count);
                    assertArrayEquals(expected, m.get(0, n), "move(" + dest + ", " + src + ", " + count + ")");
                }
            }
        }
    }

    @Test
    void move_outOfRangeIsRefusedAndNothingChanges() throws IOException {
        Path p = patternFile(100);
        MemoryMap m = open(p, Access.WRITE);
        String msg = "is out of range for length 100";
        refused(IndexOutOfBoundsException.class, msg, m, p, () -> m.move(0, 50, 51));
        refused(IndexOutOfBoundsException.class, msg, m, p, () -> m.move(50, 0, 51));
        refused(IndexOutOfBoundsException.class, msg, m, p, () -> m.move(-1, 0, 1));
        refused(IndexOutOfBoundsException.class, msg, m, p, () -> m.move(0, -1, 1));
        refused(IndexOutOfBoundsException.class, msg, m, p, () -> m.move(0, 0, -1));
        refused(IndexOutOfBoundsException.class, msg, m, p, () -> m.move(1, 1, Long.MAX_VALUE));
        refused(IndexOutOfBoundsException.class, "move of count 1 from src 100 to dest 0", m, p, () -> m.move(0, 100, 1));
    }

    // ---------------------------------------------------------------------------- anonymous

    @Test
    void anonymous_isZeroFilledAndWritable() throws IOException {
        MemoryMap m = anonymous(PAGE * 4);
        assertArrayEquals(new byte[(int) PAGE * 4], m.get(0, PAGE * 4));
        for (int i = 0; i < 256; i++) {
            m.set(i, (byte) i);
        }
        for (int i = 0; i < 256; i++) {
            assertEquals(i, m.get(i) & 0xFF);
        }
        m.seek(0);
        byte[] all = m.read(256);
        for (int i = 0; i < 256; i++) {
            assertEquals(i, all[i] & 0xFF);
        }
        assertEquals(PAGE * 4, m.size());
    }

    @Test
    void anonymous_badLengthsAreRefused() {
        assertEquals("length must be > 0 for an anonymous map",
                assertThrows(IllegalArgumentException.class, () -> MemoryMap.anonymous(0, opts().build())).getMessage());
        assertEquals("length must be >= 0, got -1",
                assertThrows(IllegalArgumentException.class, () -> MemoryMap.anonymous(-1, opts().build())).getMessage());
        assertEquals("offset must be 0 for an anonymous map, got 5", assertThrows(IllegalArgumentException.class,
                () -> MemoryMap.anonymous(10, opts().offset(5).build())).getMessage());
    }

    @Test
    void anonymous_resizeKeepsTheContents() throws IOException {
        MemoryMap m = anonymous(100);
        m.set(0, pattern(100));
        m.resize(10_000);
        assertEquals(10_000, m.length());
        assertArrayEquals(pattern(100), m.get(0, 100));
        assertArrayEquals(new byte[9_900], m.get(100, 10_000));
        m.resize(50);
        assertArrayEquals(Arrays.copyOf(pattern(100), 50), m.get(0, 50));
        m.resize(100);
        assertArrayEquals(new byte[50], m.get(50, 100), "bytes beyond a shrink come back as zeros");
    }

    @Test
    void anonymous_flushIsANoOp() throws IOException {
        MemoryMap m = anonymous(100);
        m.set(0, (byte) 1);
        m.flush();
        m.flush(10, 20);
        assertEquals(1, m.get(0));
    }

    @Test
    void anonymous_readAccessIsAZeroMapThatRefusesWrites() throws IOException {
        MemoryMap m = track(MemoryMap.anonymous(64, opts(Access.READ)));
        assertArrayEquals(new byte[64], m.read());
        refused(ReadOnlyBufferException.class, "set is not allowed", m, null, () -> m.set(0, (byte) 1));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void anonymous_memoryIsReleasedOnClose() throws IOException {
        MemoryMap m = MemoryMap.anonymous(1 << 20, opts().build());
        long address = m.segment().address();
        String hex = Long.toHexString(address);
        assertTrue(mapsStartAt(hex));
        m.close();
        assertFalse(mapsStartAt(hex));
    }

    private static boolean mapsStartAt(String hex) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/maps")).stream()
                .anyMatch(l -> l.startsWith(hex + "-"));
    }

    // ---------------------------------------------------------------------------- read / write (io_methods)

    @Test
    void io_readAllReturnsTheRest() throws IOException {
        MemoryMap m = open(patternFile(100), Access.READ);
        m.seek(90);
        assertArrayEquals(Arrays.copyOfRange(pattern(100), 90, 100), m.read());
        assertEquals(100, m.tell());
        assertArrayEquals(new byte[0], m.read());
    }

    @Test
    void io_readNClampsAtTheEnd() throws IOException {
        MemoryMap m = open(patternFile(100), Access.READ);
        assertArrayEquals(Arrays.copyOf(pattern(100), 10), m.read(10));
        assertEquals(10, m.tell());
        m.seek(95);
        assertArrayEquals(Arrays.copyOfRange(pattern(100), 95, 100), m.read(10));
        assertArrayEquals(new byte[0], m.read(10));
        assertArrayEquals(new byte[0], m.read(0));
    }

    @Test
    void io_readNegativeIsRefused() throws IOException {
        Path p = patternFile(100);
        MemoryMap m = open(p, Access.READ);
        refused(IllegalArgumentException.class, "n must be >= 0, got -1", m, p, () -> m.read(-1));
    }

    @Test
    void io_readByteAdvancesAndUnderflowsAtTheEnd() throws IOException {
        Path p = file(new byte[] {1, (byte) 200});
        MemoryMap m = open(p, Access.READ);
        assertEquals(1, m.readByte());
        assertEquals(200, m.readByte());
        assertEquals(2, m.tell());
        refused(BufferUnderflowException.class, "readByte at position 2: no byte left in the map of length 2", m, p,
                m::readByte);
    }

    @Test
    void io_writeByteAdvancesAndOverflowsAtTheEnd() throws IOException {
        Path p = file(new byte[2]);
        MemoryMap m = open(p, Access.WRITE);
        m.writeByte((byte) 7);
        m.writeByte((byte) 8);
        assertEquals(2, m.tell());
        refused(BufferOverflowException.class, "writeByte of 1 byte(s) at position 2 does not fit", m, p,
                () -> m.writeByte((byte) 9));
        assertArrayEquals(new byte[] {7, 8}, m.get(0, 2));
    }

    @Test
    void io_writeReturnsTheCountAndRefusesWhatDoesNotFit() throws IOException {
        Path p = patternFile(10);
        MemoryMap m = open(p, Access.WRITE);
        assertEquals(4, m.write(ascii("abcd")));
        assertEquals(4, m.tell());
        refused(BufferOverflowException.class, "write of 7 byte(s) at position 4 does not fit in the map of length 10;"
                + " nothing was written", m, p, () -> m.write(new byte[7]));
        assertEquals(6, m.write(ascii("efghij")));
        assertEquals(10, m.tell());
        assertEquals(0, m.write(new byte[0]));
        assertArrayEquals(ascii("abcdefghij"), m.get(0, 10));
    }

    @Test
    void io_writeSliceOfArray() throws IOException {
        MemoryMap m = open(patternFile(10), Access.WRITE);
        assertEquals(3, m.write(ascii("xxabcxx"), 2, 3));
        assertArrayEquals(ascii("abc"), m.get(0, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> m.write(ascii("ab"), 1, 2));
    }

    @Test
    void io_readLine() throws IOException {
        MemoryMap m = open(file(ascii("one\ntwo\n\nlast")), Access.READ);
        assertArrayEquals(ascii("one\n"), m.readLine());
        assertArrayEquals(ascii("two\n"), m.readLine());
        assertArrayEquals(ascii("\n"), m.readLine());
        assertArrayEquals(ascii("last"), m.readLine());
        assertArrayEquals(new byte[0], m.readLine());
    }

    @Test
    void io_readIntoDoesNotAllocate() throws IOException {
        MemoryMap m = open(patternFile(10), Access.READ);
        byte[] buf = new byte[8];
        assertEquals(6, m.readInto(buf, 2, 6));
        assertArrayEquals(Arrays.copyOf(pattern(10), 6), Arrays.copyOfRange(buf, 2, 8));
        assertEquals(4, m.readInto(buf, 0, 8));
        assertEquals(0, m.readInto(buf, 0, 8));
        assertThrows(IndexOutOfBoundsException.class, () -> m.readInto(buf, 4, 5));
    }

    @Test
    void io_articleWorkloadSeekAndRead() throws IOException {
        byte[] data = pattern(10_000);
        MemoryMap m = open(file(data), Access.READ);
        int processed = 0;
        while (m.tell() + 64 + 32 <= m.length()) {
            m.seek(64, Whence.CURRENT);
            assertArrayEquals(Arrays.copyOfRange(data, (int) m.tell(), (int) m.tell() + 32), m.read(32));
            m.seek(-32, Whence.CURRENT);
            processed += 32;
        }
        assertTrue(processed > 0);
    }

    // ---------------------------------------------------------------------------- extended slices

    @Test
    void slices_steppedGetMatchesPython() throws IOException {
        byte[] data = pattern(20);
        MemoryMap m = open(file(data), Access.READ);
        for (int step : new int[] {1, 2, 3, 7, 19, 20, 100}) {
            for (int from = 0; from <= 20; from++) {
                for (int to = from; to <= 20; to++) {
                    assertArrayEquals(pythonSlice(data, from, to, step), m.get(from, to, step),
                            "[" + from + ":" + to + ":" + step + "]");
                }
            }
        }
        for (int step : new int[] {-1, -2, -3, -19, -100}) {
            for (int from = 0; from < 20; from++) {
                for (int to = -1; to <= from; to++) {
                    assertArrayEquals(pythonSlice(data, from, to, step), m.get(from, to, step),
                            "[" + from + ":" + to + ":" + step + "]");
                }
            }
        }
        byte[] reversed = new byte[20];
        for (int i = 0; i < 20; i++) {
            reversed[i] = data[19 - i];
        }
        assertArrayEquals(reversed, m.get(19, -1, -1), "m[::-1]");
    }

    /** Python's data[from:to:step] where to == -1 means "down through index 0". */
    static byte[] pythonSlice(byte[] data, int from, int to, int step) {
        List<Byte> out = new ArrayList<>();
        if (step > 0) {
            for (int i = from; i < to; i += step) {
                out.add(data[i]);
            }
        } else {
            for (int i = from; i > to; i += step) {
                out.add(data[i]);
            }
        }
        byte[] b = new byte[out.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = out.get(i);
        }
        return b;
    }

    @Test
    void slices_steppedSetMatchesPython() throws IOException {
        byte[] data = pattern(20);
        MemoryMap m = open(file(data), Access.WRITE);
        for (int step : new int[] {1, 2, 3, -1, -2, -5}) {
            int from = step > 0 ? 1 : 18;
            int to = step > 0 ? 19 : 0;
            m.set(0, data);
            byte[] expected = data.clone();
            byte[] src = new byte[pythonSlice(data, from, to, step).length];
            Arrays.fill(src, (byte) -1);
            for (int i = from, k = 0; step > 0 ? i < to : i > to; i += step, k++) {
                expected[i] = src[k];
            }
            m.set(from, to, step, src);
            assertArrayEquals(expected, m.get(0, 20), "step " + step);
        }
    }

    @Test
    void slices_badStepsAndBoundsAreRefused() throws IOException {
        Path p = patternFile(20);
        MemoryMap m = open(p, Access.WRITE);
        refused(IllegalArgumentException.class, "step must not be 0", m, p, () -> m.get(0, 5, 0));
        refused(IllegalArgumentException.class, "step must not be 0", m, p, () -> m.set(0, 5, 0, new byte[5]));
        refused(IndexOutOfBoundsException.class, "slice [0, 21)", m, p, () -> m.get(0, 21, 2));
        refused(IndexOutOfBoundsException.class, "a negative step needs -1 <= to <= from < length", m, p,
                () -> m.get(20, 0, -1));
        refused(IndexOutOfBoundsException.class, "a negative step needs", m, p, () -> m.get(5, -2, -1));
        refused(IndexOutOfBoundsException.class, "a negative step needs", m, p, () -> m.get(3, 5, -1));
        refused(IndexOutOfBoundsException.class, "src has 2 bytes but the stepped slice [0, 6, step 2) has 3", m, p,
                () -> m.set(0, 6, 2, new byte[2]));
    }

    // ---------------------------------------------------------------------------- offset

    @ParameterizedTest(name = "{displayName} offset={0}")
    @ValueSource(longs = {0, 1, 7, 4095, 4096, 4097, 8191, 16383, 16384, 16385, 65535, 65536, 65537, 100_000})
    void offset_anyOffsetMapsTheRightBytes(long offset) throws IOException {
        byte[] data = pattern(200_000);
        Path p = file(data);
        MemoryMap m = open(p, opts().access(Access.WRITE).offset(offset).length(1000).build());
        assertEquals(offset, m.offset());
        assertArrayEquals(Arrays.copyOfRange(data, (int) offset, (int) offset + 1000), m.get(0, 1000));
        m.set(0, (byte) 0x55);
        m.flush(0, 1);
        assertEquals(0x55, Files.readAllBytes(p)[(int) offset]);
    }

    @Test
    void offset_resizeWithAnOffsetSetsTheFileToOffsetPlusLength() throws IOException {
        Path p = patternFile(3 * (int) PAGE);
        MemoryMap m = open(p, opts().access(Access.WRITE).offset(PAGE + 10).length(100).build());
        m.resize(5000);
        assertEquals(PAGE + 10 + 5000, Files.size(p));
        assertEquals(5000, m.length());
        assertArrayEquals(Arrays.copyOfRange(pattern(3 * (int) PAGE), (int) PAGE + 10, (int) PAGE + 110), m.get(0, 100));
        m.resize(10);
        assertEquals(PAGE + 20, Files.size(p));
    }

    // ---------------------------------------------------------------------------- non_ascii_byte

    @Test
    void nonAscii_everyByteValueRoundTrips() throws IOException {
        MemoryMap m = open(file(new byte[256]), Access.WRITE);
        for (int i = 0; i < 256; i++) {
            m.writeByte((byte) i);
        }
        m.seek(0);
        for (int i = 0; i < 256; i++) {
            assertEquals(i, m.readByte());
            assertEquals((byte) i, m.get(i));
        }
        assertEquals(200, m.find(new byte[] {(byte) 200, (byte) 201}, 0));
    }

    // ---------------------------------------------------------------------------- resize

    @Test
    void resize_upZeroFillsAndKeepsData() throws IOException {
        Path p = patternFile(100);
        MemoryMap m = open(p, Access.WRITE);
        m.resize(PAGE * 3 + 1);
        assertArrayEquals(pattern(100), m.get(0, 100));
        assertArrayEquals(new byte[(int) (PAGE * 3 + 1 - 100)], m.get(100, PAGE * 3 + 1));
        m.set(PAGE * 3, (byte) 9);
        m.flush();
        assertEquals(9, Files.readAllBytes(p)[(int) PAGE * 3]);
    }

    @Test
    void resize_belowThePositionKeepsItReadsGiveNothingWritesFail() throws IOException {
        Path p = patternFile(100);
        MemoryMap m = open(p, Access.WRITE);
        m.seek(80);
        m.resize(50);
        assertEquals(80, m.tell());
        assertArrayEquals(new byte[0], m.read());
        assertArrayEquals(new byte[0], m.read(5));
        assertArrayEquals(new byte[0], m.readLine());
        assertEquals(0, m.readInto(new byte[4], 0, 4));
        refused(BufferUnderflowException.class, "readByte at position 80", m, p, m::readByte);
        refused(BufferOverflowException.class, "write of 1 byte(s) at position 80", m, p, () -> m.write(new byte[1]));
        refused(BufferOverflowException.class, "writeByte of 1 byte(s) at position 80", m, p, () -> m.writeByte((byte) 1));
        assertEquals(-1, m.find(ascii("x")));
        assertEquals(50, m.seek(0, Whence.END));
    }

    @Test
    void resize_toZeroOrBelowIsRefused() throws IOException {
        Path p = patternFile(100);
        MemoryMap m = open(p, Access.WRITE);
        refused(IllegalArgumentException.class, "newLength must be > 0, got 0", m, p, () -> m.resize(0));
        refused(IllegalArgumentException.class, "newLength must be > 0, got -1", m, p, () -> m.resize(-1));
        assertEquals(100, Files.size(p));
    }

    @Test
    void resize_invalidatesOldViews() throws IOException {
        MemoryMap m = open(patternFile(100), Access.WRITE);
        MemorySegment before = m.segment();
        CharSequence cs = m.asCharSequence();
        m.resize(200);
        assertThrows(IllegalStateException.class, () -> before.get(ValueLayout.JAVA_BYTE, 0));
        assertEquals((char) (pattern(1)[0] & 0xFF), cs.charAt(0));   // CharSequence views follow the map
        assertEquals(pattern(1)[0], m.segment().get(ValueLayout.JAVA_BYTE, 0));
    }

    @Test
    void resize_manyTimesNeverCorrupts() throws IOException {
        Path p = patternFile(1000);
        MemoryMap m = open(p, Access.WRITE);
        byte[] model = pattern(1000);
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < 50; i++) {
            int n = 1 + r.nextInt(3 * (int) PAGE);
            m.resize(n);
            model = Arrays.copyOf(model, n);
            int at = r.nextInt(n);
            m.set(at, (byte) i);
            model[at] = (byte) i;
            assertArrayEquals(model, m.get(0, n));
        }
        m.close();
        assertArrayEquals(model, Files.readAllBytes(p));
    }

    // ---------------------------------------------------------------------------- flush

    @Test
    void flush_rangesWorkAndNeedNoAlignment() throws IOException {
        Path p = patternFile(3 * (int) PAGE);
        MemoryMap m = open(p, Access.WRITE);
        m.set(PAGE + 5, (byte) 1);
        assertDoesNotThrow(() -> m.flush(PAGE + 3, 10));
        assertDoesNotThrow(() -> m.flush(0, 0));
        assertDoesNotThrow(() -> m.flush(3 * PAGE, 0));
        assertDoesNotThrow(() -> m.flush());
        assertEquals(1, Files.readAllBytes(p)[(int) PAGE + 5]);
    }

    @Test
    void flush_badRangesAreRefused() throws IOException {
        Path p = patternFile(100);
        MemoryMap m = open(p, Access.WRITE);
        String tail = "is out of range for length 100";
        refused(IndexOutOfBoundsException.class, "flush range start -1, length 10 " + tail, m, p, () -> m.flush(-1, 10));
        refused(IndexOutOfBoundsException.class, "flush range start 0, length 101 " + tail, m, p, () -> m.flush(0, 101));
        refused(IndexOutOfBoundsException.class, "flush range start 101, length 0 " + tail, m, p, () -> m.flush(101, 0));
        refused(IndexOutOfBoundsException.class, "flush range start 10, length -1 " + tail, m, p, () -> m.flush(10, -1));
    }

    @ParameterizedTest(name = "{displayName} {0}")
    @EnumSource(value = Access.class, names = {"READ", "COPY"})
    void flush_isANoOpForReadAndCopy(Access access) throws IOException {
        Path p = patternFile(100);
        MemoryMap m = open(p, access);
        assertDoesNotThrow(() -> m.flush());
        assertDoesNotThrow(() -> m.flush(10, 10));
        assertArrayEquals(pattern(100), Files.readAllBytes(p));
    }

    // ---------------------------------------------------------------------------- madvise

    @ParameterizedTest(name = "{displayName} {0}")
    @EnumSource(value = Advice.class, names = {"NORMAL", "RANDOM", "SEQUENTIAL", "WILL_NEED", "DONT_NEED"})
    void madvise_portableAdviceIsAccepted(Advice advice) throws IOException {
        Path p = patternFile(4 * (int) PAGE);
        MemoryMap m = open(p, Access.WRITE);
        m.madvise(advice);
        m.madvise(advice, 1, PAGE);
        m.madvise(advice, 0, 0);
        assertArrayEquals(pattern(4 * (int) PAGE), m.get(0, 4 * PAGE), "a shared file map loses nothing");
    }

    @ParameterizedTest(name = "{displayName} {0}")
    @EnumSource(Advice.class)
    void madvise_everyAdviceIsAcceptedOrNamedAsUnsupported(Advice advice) throws IOException {
        MemoryMap m = anonymous(4 * PAGE);
        try {
            m.madvise(advice, PAGE, PAGE);
        } catch (UnsupportedOperationException e) {
            assertTrue(e.getMessage().contains(advice.name()), e.getMessage());
        }
        assertFalse(m.isClosed());
    }

    @Test
    void madvise_boundsAreChecked() throws IOException {
        Path p = patternFile(100);
        MemoryMap m = open(p, Access.READ);
        refused(IndexOutOfBoundsException.class, "madvise range start -1, length 1 is out of range for length 100", m, p,
                () -> m.madvise(Advice.NORMAL, -1, 1));
        refused(IndexOutOfBoundsException.class, "madvise range start 50, length 51", m, p,
                () -> m.madvise(Advice.NORMAL, 50, 51));
        refused(IndexOutOfBoundsException.class, "madvise range start 101, length 0", m, p,
                () -> m.madvise(Advice.WILL_NEED, 101, 0));
    }

    // ---------------------------------------------------------------------------- large files (sparse)

    /** A sparse file (SPARSE matters on Windows, where a plain setLength would make NTFS zero-fill gigabytes). */
    private Path sparse(long size) throws IOException {
        Path p = dir.resolve("sparse-" + size);
        try (var ch = java.nio.channels.FileChannel.open(p, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.SPARSE)) {
            ch.write(java.nio.ByteBuffer.allocate(1), size - 1);
        }
        return p;
    }

    @ParameterizedTest(name = "{displayName} offset={0}")
    @ValueSource(longs = {(1L << 31) - 1, 1L << 31, (1L << 31) + 1, (1L << 32) - 1, 1L << 32, (1L << 32) + 1,
            5L << 30})
    void large_offsetsAround2And4GiB(long offset) throws IOException {
        Path p = sparse(6L << 30);
        MemoryMap m = open(p, opts().access(Access.WRITE).offset(offset).length(PAGE).build());
        m.set(0, ascii("far away"));
        m.close();
        try (RandomAccessFile raf = new RandomAccessFile(p.toFile(), "r")) {
            byte[] back = new byte[8];
            raf.seek(offset);
            raf.readFully(back);
            assertArrayEquals(ascii("far away"), back);
        }
        assertEquals(6L << 30, Files.size(p));
    }

    @Test
    void large_wholeFileOver4GiB() throws IOException {
        long size = (4L << 30) + 12345;
        Path p = sparse(size);
        MemoryMap m = open(p, Access.WRITE);
        assertEquals(size, m.length());
        m.set(size - 1, (byte) 7);
        m.set((1L << 32) + 1, (byte) 8);
        assertEquals(7, m.get(size - 1));
        m.seek(-1, Whence.END);
        assertEquals(7, m.readByte());
        assertEquals((1L << 32) + 1, m.find(new byte[] {8}, 1L << 32));
        assertEquals(size - 1, m.rfind(new byte[] {7}, size - 100));
        assertThrows(UnsupportedOperationException.class, m::asCharSequence);
        CharSequence window = m.asCharSequence(size - 10, size);
        assertEquals(7, window.charAt(9));
        m.seek(0);
        assertThrows(UnsupportedOperationException.class, m::read);
    }

    @Test
    void large_mapLargerThan2GiBGrowsTheFile() throws IOException {
        Path p = patternFile(10);
        MemoryMap m = open(p, opts().access(Access.WRITE).length(3L << 30).build());
        assertEquals(3L << 30, Files.size(p));
        m.set((3L << 30) - 1, (byte) 1);
        assertEquals(1, m.get((3L << 30) - 1));
    }

    // ---------------------------------------------------------------------------- typed access

    @Test
    void typed_intsAndLongsRoundTripInNativeOrder() throws IOException {
        Path p = file(new byte[32]);
        MemoryMap m = open(p, Access.WRITE);
        m.setLong(3, 0x0102030405060708L);
        m.setInt(20, 0xCAFEBABE);
        assertEquals(0x0102030405060708L, m.getLong(3));
        assertEquals(0xCAFEBABE, m.getInt(20));
        m.flush();
        var buf = java.nio.ByteBuffer.wrap(Files.readAllBytes(p)).order(MemoryMap.byteOrder());
        assertEquals(0x0102030405060708L, buf.getLong(3));
        refused(IndexOutOfBoundsException.class, "index 25 with 8 bytes is out of range for length 32", m, p,
                () -> m.getLong(25));
        refused(IndexOutOfBoundsException.class, "index 29 with 4 bytes", m, p, () -> m.setInt(29, 1));
        refused(IndexOutOfBoundsException.class, "index -1 with 8 bytes", m, p, () -> m.setLong(-1, 1));
    }

    // ---------------------------------------------------------------------------- atomics

    @Test
    void atomics_addAndCompareAndSetAcrossTwoMapsOfOneFile() throws IOException {
        Path p = file(new byte[64]);
        MemoryMap a = open(p, Access.WRITE);
        MemoryMap b = open(p, Access.WRITE);
        assertEquals(0, a.getAndAddLong(8, 5));
        assertEquals(5, b.getAndAddLong(8, 1));
        assertEquals(6, a.getLongVolatile(8));
        assertTrue(b.compareAndSetInt(4, 0, 42));
        assertFalse(a.compareAndSetInt(4, 0, 43));
        assertEquals(42, a.getIntVolatile(4));
        a.setIntVolatile(0, -1);
        assertEquals(-1, b.getIntVolatile(0));
        b.setLongVolatile(16, Long.MIN_VALUE);
        assertTrue(a.compareAndSetLong(16, Long.MIN_VALUE, 7));
        assertEquals(7, b.getAndAddInt(16, 0) & 0xFF);
    }

    @Test
    void atomics_misalignedOrOutOfRangeIsRefused() throws IOException {
        Path p = file(new byte[64]);
        MemoryMap m = open(p, Access.WRITE);
        refused(IllegalArgumentException.class, "index 3 is not 8-byte aligned in memory", m, p,
                () -> m.getAndAddLong(3, 1));
        refused(IllegalArgumentException.class, "index 2 is not 4-byte aligned", m, p, () -> m.compareAndSetInt(2, 0, 1));
        refused(IndexOutOfBoundsException.class, "index 64 with 4 bytes is out of range for length 64", m, p,
                () -> m.getIntVolatile(64));
        MemoryMap r = open(p, Access.READ);
        refused(ReadOnlyBufferException.class, "getAndAddInt is not allowed", r, p, () -> r.getAndAddInt(0, 1));
        refused(ReadOnlyBufferException.class, "compareAndSetLong is not allowed", r, p, () -> r.compareAndSetLong(0, 0, 1));
        assertEquals(0, r.getLongVolatile(0));
    }

    @Test
    void atomics_countFromManyThreadsIsExact() throws Exception {
        MemoryMap m = anonymous(4096);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 10_000; i++) {
                    m.getAndAddLong(0, 1);
                    m.getAndAddInt(8, 1);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(40_000, m.getLongVolatile(0));
        assertEquals(40_000, m.getIntVolatile(8));
    }

    // ---------------------------------------------------------------------------- repr

    @Test
    void repr_showsAccessLengthPositionOffsetBackendAndClosed() throws IOException {
        Path p = patternFile(3 * (int) PAGE);
        MemoryMap m = MemoryMap.open(p, opts().access(Access.COPY).offset(10).length(100).build());
        m.seek(7);
        String s = m.toString();
        assertTrue(s.contains("backend=" + backend()), s);
        assertTrue(s.contains("access=COPY"), s);
        assertTrue(s.contains("length=100"), s);
        assertTrue(s.contains("pos=7"), s);
        assertTrue(s.contains("offset=10"), s);
        assertTrue(s.contains(p.toString()), s);
        m.close();
        assertTrue(m.toString().startsWith("MemoryMap[closed"), m.toString());
    }

    // ---------------------------------------------------------------------------- tagname (named maps)

    private void assumeNamedMaps() {
        assumeTrue(backend() != Backend.JAVA || Files.isDirectory(Path.of("/dev/shm")),
                "the JAVA backend has named maps only where /dev/shm exists");
    }

    private MemoryMap named(String tagname, long length, CreatePolicy policy, Access access) throws IOException {
        return track(MemoryMap.anonymous(length, opts().tagname(tagname).createPolicy(policy).access(access).build()));
    }

    @Test
    void tagname_sameNameSharesMemory() throws IOException {
        assumeNamedMaps();
        String t = tagname("share");
        MemoryMap a = named(t, 4096, CreatePolicy.CREATE_NEW, Access.WRITE);
        MemoryMap b = named(t, 0, CreatePolicy.OPEN_EXISTING, Access.WRITE);
        assertEquals(namedSize(4096), b.length());
        assertEquals(t, a.tagname());
        a.set(10, ascii("hello"));
        assertArrayEquals(ascii("hello"), b.get(10, 15));
        b.set(0, (byte) 5);
        assertEquals(5, a.get(0));
    }

    @Test
    void tagname_differentNamesDoNotShare() throws IOException {
        assumeNamedMaps();
        MemoryMap a = named(tagname("one"), 4096, CreatePolicy.CREATE_NEW, Access.WRITE);
        MemoryMap b = named(tagname("two"), 4096, CreatePolicy.CREATE_NEW, Access.WRITE);
        a.set(0, (byte) 1);
        assertEquals(0, b.get(0));
    }

    @Test
    void tagname_policiesAreEnforced() throws IOException {
        assumeNamedMaps();
        String t = tagname("policy");
        assertThrows(NoSuchFileException.class, () -> named(t, 4096, CreatePolicy.OPEN_EXISTING, Access.WRITE));
        named(t, 4096, CreatePolicy.CREATE_NEW, Access.WRITE);
        assertThrows(FileAlreadyExistsException.class, () -> named(t, 4096, CreatePolicy.CREATE_NEW, Access.WRITE));
        MemoryMap again = named(t, 4096, CreatePolicy.OPEN_OR_CREATE, Access.WRITE);
        assertEquals(4096, again.length());
        assertEquals("createPolicy CREATE_NEW needs a writable access; a READ map can only open an existing name",
                assertThrows(IllegalArgumentException.class,
                        () -> named(tagname("ro"), 4096, CreatePolicy.CREATE_NEW, Access.READ)).getMessage());
        assertEquals("length must be > 0 to create a named map", assertThrows(IllegalArgumentException.class,
                () -> named(tagname("zero"), 0, CreatePolicy.CREATE_NEW, Access.WRITE)).getMessage());
    }

    @ParameterizedTest(name = "{displayName} \"{0}\"")
    @ValueSource(strings = {"", "back\\slash"})
    void tagname_badNamesAreRefused(String bad) {
        assumeNamedMaps();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> named(bad, 4096, CreatePolicy.OPEN_OR_CREATE, Access.WRITE));
        assertTrue(e.getMessage().startsWith("tagname must not"), e.getMessage());
    }

    /** POSIX names are one path component; Windows object names may hold '/', "." and "..". */
    @ParameterizedTest(name = "{displayName} \"{0}\"")
    @ValueSource(strings = {"a/b", "/lead", ".", ".."})
    @DisabledOnOs(OS.WINDOWS)
    void tagname_pathLikeNamesAreRefusedOnPosix(String bad) {
        assumeNamedMaps();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> named(bad, 4096, CreatePolicy.OPEN_OR_CREATE, Access.WRITE));
        assertTrue(e.getMessage().startsWith("tagname must not"), e.getMessage());
    }

    @Test
    void tagname_tooLongIsRefused() {
        assumeNamedMaps();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> named("x".repeat(300), 4096, CreatePolicy.OPEN_OR_CREATE, Access.WRITE));
        // POSIX counts the bytes of the name, Windows its UTF-16 characters (MAX_PATH)
        assertTrue(e.getMessage().matches("tagname is 300 (bytes|characters) long; .*"), e.getMessage());
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void tagname_isCreatedWithMode0600AndUnlinked() throws IOException {
        assumeTrue(Files.isDirectory(Path.of("/dev/shm")), "needs /dev/shm to look at the object");
        String t = tagname("mode");
        named(t, 4096, CreatePolicy.CREATE_NEW, Access.WRITE);
        Path shm = Path.of("/dev/shm", t);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(shm)));
        assertTrue(MemoryMap.unlinkNamed(t, backend()));
        assertFalse(Files.exists(shm));
        assertFalse(MemoryMap.unlinkNamed(t, backend()));
    }

    /** macOS: a shm object keeps its first size; MacNamedMapTest checks that instead. */
    @Test
    @DisabledOnOs(value = OS.MAC, disabledReason = "a macOS shm object takes one ftruncate in its lifetime")
    void tagname_resizeGrowsTheSharedObject() throws IOException {
        assumeNamedMaps();
        String t = tagname("resize");
        MemoryMap a = named(t, 4096, CreatePolicy.CREATE_NEW, Access.WRITE);
        a.set(0, (byte) 3);
        a.resize(3 * 4096);
        a.set(3 * 4096 - 1, (byte) 4);
        assertEquals(3 * 4096, a.size());
        MemoryMap b = named(t, 0, CreatePolicy.OPEN_EXISTING, Access.READ);
        assertEquals(3 * 4096, b.length());
        assertEquals(3, b.get(0));
        assertEquals(4, b.get(3 * 4096 - 1));
    }

    /** Windows: a named object keeps its size while held; WindowsNativeTest checks that instead. */
    @Test
    @DisabledOnOs(OS.WINDOWS)
    void tagname_largerLengthGrowsAndReadCannot() throws IOException {
        assumeNamedMaps();
        String t = tagname("grow");
        named(t, 4096, CreatePolicy.CREATE_NEW, Access.WRITE);
        MemoryMap bigger = named(t, 8192, CreatePolicy.OPEN_EXISTING, Access.WRITE);
        assertEquals(8192, bigger.length());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> named(t, 3 * 8192, CreatePolicy.OPEN_EXISTING, Access.READ));
        assertTrue(e.getMessage().contains("an Access.READ map cannot extend it"), e.getMessage());
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void tagname_onAFileMapIsAWindowsFeature() throws IOException {
        Path p = patternFile(100);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> MemoryMap.open(p, opts().access(Access.WRITE).tagname("x").build()));
        assertTrue(e.getMessage().startsWith("a tagname on a file map is a Windows feature"), e.getMessage());
    }

    // ---------------------------------------------------------------------------- threads

    @Test
    void threads_closeDuringAccessGivesIllegalStateOnly() throws Exception {
        for (int round = 0; round < 20; round++) {
            MemoryMap m = MemoryMap.anonymous(1 << 16, opts().build());
            List<Throwable> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int id = t;
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        go.await();
                        for (long i = 0; ; i = (i + 4099) & 0xFFFF) {
                            if (id % 2 == 0) {
                                m.set(i, (byte) i);
                            } else {
                                m.find(ascii("zz"), 0);
                            }
                        }
                    } catch (IllegalStateException expected) {
                        // closed underneath: the only acceptable failure
                    } catch (Throwable e) {
                        unexpected.add(e);
                    }
                }));
            }
            go.countDown();
            Thread.sleep(2);
            m.close();
            for (Thread t : threads) {
                t.join(10_000);
                assertFalse(t.isAlive());
            }
            assertEquals(List.of(), unexpected);
        }
    }

    @Test
    void lifecycle_aMapAndItsFileAreIndependentAfterClose() throws IOException {
        Path p = patternFile(100);
        MemoryMap m = MemoryMap.open(p, opts(Access.WRITE));
        m.set(0, (byte) 1);
        m.close();
        MemoryMap again = open(p, Access.READ);
        assertEquals(1, again.get(0));
        assertNotEquals(m, again);
    }
}
