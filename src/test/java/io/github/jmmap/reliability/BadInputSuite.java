package io.github.jmmap.reliability;

import io.github.jmmap.Access;
import io.github.jmmap.Advice;
import io.github.jmmap.Backend;
import io.github.jmmap.CreatePolicy;
import io.github.jmmap.MapOptions;
import io.github.jmmap.MemoryMap;
import io.github.jmmap.Whence;
import io.github.jmmap.conformance.BackendDisplayNames;
import io.github.jmmap.conformance.BackendUnderTest;
import io.github.jmmap.conformance.MapTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.function.Executable;

import java.io.IOException;
import java.nio.BufferOverflowException;
import java.nio.ReadOnlyBufferException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Bad input the conformance suite does not already try: every argument check of the public API
 * (MapOptions and its builder, every factory of MemoryMap including {@code open(int fd, ...)},
 * every method) and the rows of design.md's semantics table it leaves out. Each case asserts the
 * exception type, that the message names the argument or the rule, and (through
 * {@link #refused}) that neither the file nor the map's bytes nor its position changed. The count
 * of cases is printed per backend. One concrete subclass per backend.
 */
@DisplayNameGeneration(BackendDisplayNames.class)
public abstract class BadInputSuite extends MapTestSupport {
    private static final Map<Backend, AtomicInteger> CASES = new ConcurrentHashMap<>();

    /** {@link #refused}, counted. */
    private <T extends Throwable> T bad(Class<T> type, String message, MemoryMap m, Path file, Executable call)
            throws IOException {
        T e = refused(type, message, m, file, call);
        CASES.computeIfAbsent(backend(), b -> new AtomicInteger()).incrementAndGet();
        return e;
    }

    @AfterAll
    static void report(TestInfo info) {
        Backend b = info.getTestClass().orElseThrow().getAnnotation(BackendUnderTest.class).value();
        AtomicInteger n = CASES.remove(b);
        if (n != null) {
            System.out.printf("[%s] bad input: %d cases refused with the right type and message, nothing changed%n",
                    b, n.get());
        }
    }

    @Test
    void options_everyBuilderAndRecordCheckNamesItsArgument() throws IOException {
        bad(NullPointerException.class, "createPolicy", null, null, () -> MapOptions.builder().createPolicy(null));
        bad(NullPointerException.class, "backend", null, null, () -> MapOptions.builder().backend(null));
        bad(NullPointerException.class, "access", null, null,
                () -> new MapOptions(null, 0, 0, null, CreatePolicy.OPEN_OR_CREATE, Backend.AUTO, true, false, false));
        bad(NullPointerException.class, "createPolicy", null, null,
                () -> new MapOptions(Access.READ, 0, 0, null, null, Backend.AUTO, true, false, false));
        bad(NullPointerException.class, "backend", null, null,
                () -> new MapOptions(Access.READ, 0, 0, null, CreatePolicy.OPEN_OR_CREATE, null, true, false, false));
        bad(IllegalArgumentException.class, "offset must be >= 0, got -2", null, null,
                () -> new MapOptions(Access.READ, -2, 0, null, CreatePolicy.OPEN_OR_CREATE, Backend.AUTO, true, false, false));
        bad(IllegalArgumentException.class, "length must be >= 0, got -3", null, null,
                () -> new MapOptions(Access.READ, 0, -3, null, CreatePolicy.OPEN_OR_CREATE, Backend.AUTO, true, false, false));
        bad(IllegalArgumentException.class, "offset must be >= 0, got " + Long.MIN_VALUE, null, null,
                () -> MapOptions.builder().offset(Long.MIN_VALUE));
    }

    @Test
    void factories_everyArgumentIsChecked() throws IOException {
        Path p = patternFile(100);
        bad(NullPointerException.class, "access", null, p, () -> MemoryMap.open(p, (Access) null));
        bad(NullPointerException.class, "path", null, p, () -> MemoryMap.open(null, Access.READ));
        bad(NullPointerException.class, "options", null, p, () -> MemoryMap.anonymous(10, null));
        bad(IllegalArgumentException.class, "length must be >= 0, got -5", null, p, () -> MemoryMap.anonymous(-5));
        bad(IllegalArgumentException.class, "length must be > 0 for an anonymous map", null, p,
                () -> MemoryMap.anonymous(0));
        bad(IllegalArgumentException.class, "offset + length overflows: offset " + (Long.MAX_VALUE - 1) + ", length 10",
                null, p, () -> MemoryMap.open(p, opts().access(Access.WRITE).offset(Long.MAX_VALUE - 1).length(10).build()));
        bad(NullPointerException.class, "tagname", null, p, () -> MemoryMap.unlinkNamed(null));
        bad(NullPointerException.class, "backend", null, p, () -> MemoryMap.unlinkNamed("x", null));
        bad(NullPointerException.class, "options", null, p, () -> MemoryMap.open(0, null));
        bad(IllegalArgumentException.class, "fd must be >= 0, got -1", null, p, () -> MemoryMap.open(-1, opts(Access.READ)));
        bad(UnsupportedOperationException.class, "a tagname cannot be given with a file descriptor", null, p,
                () -> MemoryMap.open(0, opts().tagname("x").build()));
    }

    @Test
    void factories_namesAreCheckedEverywhere() throws IOException {
        assumeTrue(backend() != Backend.JAVA || java.nio.file.Files.isDirectory(Path.of("/dev/shm")),
                "the JAVA backend has named maps only with /dev/shm");
        bad(IllegalArgumentException.class, "tagname must not contain a NUL character", null, null,
                () -> MemoryMap.anonymous(4096, opts().tagname("a\0b").build()));
        bad(IllegalArgumentException.class, "tagname must not contain a path separator: \"a/b\"", null, null,
                () -> MemoryMap.unlinkNamed("a/b", backend()));
        bad(IllegalArgumentException.class, "tagname must not be empty", null, null,
                () -> MemoryMap.unlinkNamed("", backend()));
        bad(IllegalArgumentException.class, "offset must be 0 for an anonymous map", null, null,
                () -> MemoryMap.anonymous(4096, opts().tagname(tagname("off")).offset(4096).build()));
    }

    @Test
    void fd_isCheckedByTheBackend() throws IOException {
        Path p = patternFile(100);
        if (backend() == Backend.JAVA) {
            bad(UnsupportedOperationException.class, "mapping a file descriptor needs the NATIVE backend (this is JAVA)",
                    null, p, () -> MemoryMap.open(0, opts(Access.READ)));
        } else {
            bad(IOException.class, "EBADF", null, p, () -> MemoryMap.open(1_000_000, opts(Access.READ)));
        }
    }

    @Test
    void methods_everyArgumentCheckRefusesAndChangesNothing() throws IOException {
        Path p = patternFile(100);
        MemoryMap m = open(p, Access.WRITE);
        m.seek(10);
        bad(IndexOutOfBoundsException.class, "index -1 is out of range [0, 100)", m, p, () -> m.get(-1));
        bad(IndexOutOfBoundsException.class, "index 100 is out of range [0, 100)", m, p, () -> m.get(100));
        bad(IndexOutOfBoundsException.class, "index -1 is out of range", m, p, () -> m.set(-1, (byte) 1));
        bad(IndexOutOfBoundsException.class, "index 100 is out of range", m, p, () -> m.set(100, (byte) 1));
        bad(NullPointerException.class, "src", m, p, () -> m.set(0, 2, null));
        bad(NullPointerException.class, "src", m, p, () -> m.set(0, 4, 2, null));
        bad(IndexOutOfBoundsException.class, "slice [99, 101)", m, p, () -> m.set(99, new byte[2]));
        bad(IndexOutOfBoundsException.class, "slice [-1, 1)", m, p, () -> m.set(-1, new byte[2]));
        bad(IndexOutOfBoundsException.class, "slice [5, 4)", m, p, () -> m.get(5, 4));
        bad(IndexOutOfBoundsException.class, "index -1 with 4 bytes", m, p, () -> m.getInt(-1));
        bad(IndexOutOfBoundsException.class, "index 97 with 4 bytes is out of range for length 100", m, p,
                () -> m.getInt(97));
        bad(IndexOutOfBoundsException.class, "index 93 with 8 bytes", m, p, () -> m.setLong(93, 1));
        bad(IllegalArgumentException.class, "index 2 is not 4-byte aligned", m, p, () -> m.getAndAddInt(2, 1));
        bad(IllegalArgumentException.class, "index 1 is not 4-byte aligned", m, p, () -> m.setIntVolatile(1, 1));
        bad(IllegalArgumentException.class, "index 4 is not 8-byte aligned", m, p, () -> m.getLongVolatile(4));
        bad(IllegalArgumentException.class, "index 12 is not 8-byte aligned", m, p, () -> m.setLongVolatile(12, 1));
        bad(IndexOutOfBoundsException.class, "index 96 with 8 bytes", m, p, () -> m.compareAndSetLong(96, 0, 1));
        bad(IndexOutOfBoundsException.class, "index -4 with 4 bytes", m, p, () -> m.getIntVolatile(-4));
        bad(NullPointerException.class, "sub", m, p, () -> m.find(null, 0));
        bad(NullPointerException.class, "sub", m, p, () -> m.find(null, 0, 1));
        bad(NullPointerException.class, "sub", m, p, () -> m.rfind(null));
        bad(NullPointerException.class, "sub", m, p, () -> m.rfind(null, 0));
        bad(NullPointerException.class, "sub", m, p, () -> m.rfind(null, 0, 1));
        bad(IllegalArgumentException.class, "end must be >= 0, got -1", m, p, () -> m.rfind(new byte[1], 0, -1));
        bad(IndexOutOfBoundsException.class, "slice [-1, 100)", m, p, () -> m.asCharSequence(-1, 100));
        bad(IndexOutOfBoundsException.class, "slice [5, 3)", m, p, () -> m.asCharSequence(5, 3));
        bad(IndexOutOfBoundsException.class, "slice [0, 101)", m, p, () -> m.asCharSequence(0, 101));
        bad(NullPointerException.class, "dst", m, p, () -> m.readInto(null, 0, 1));
        bad(IndexOutOfBoundsException.class, "off -1, len 1 is out of range for dst of length 4", m, p,
                () -> m.readInto(new byte[4], -1, 1));
        bad(IndexOutOfBoundsException.class, "off 2, len 3 is out of range for dst of length 4", m, p,
                () -> m.readInto(new byte[4], 2, 3));
        bad(NullPointerException.class, "src", m, p, () -> m.write(null, 0, 0));
        bad(IndexOutOfBoundsException.class, "off 2, len 5 is out of range for src of length 4", m, p,
                () -> m.write(new byte[4], 2, 5));
        bad(IndexOutOfBoundsException.class, "off 0, len -1 is out of range for src of length 4", m, p,
                () -> m.write(new byte[4], 0, -1));
        m.seek(98);
        bad(BufferOverflowException.class, "write of 3 byte(s) at position 98 does not fit in the map of length 100;"
                + " nothing was written", m, p, () -> m.write(new byte[5], 1, 3));
        bad(IllegalArgumentException.class, "seek to pos " + Long.MAX_VALUE + " from CURRENT", m, p,
                () -> m.seek(Long.MAX_VALUE, Whence.CURRENT));
        bad(IllegalArgumentException.class, "seek to pos -99 from SET gives -99, outside [0, 100]", m, p,
                () -> m.seek(-99));
        bad(IllegalArgumentException.class, "n must be >= 0, got " + Integer.MIN_VALUE, m, p,
                () -> m.read(Integer.MIN_VALUE));
        bad(NullPointerException.class, "advice", m, p, () -> m.madvise(null, 0, 1));
        bad(IndexOutOfBoundsException.class, "madvise range start 0, length 101", m, p,
                () -> m.madvise(Advice.NORMAL, 0, 101));
        bad(IndexOutOfBoundsException.class, "flush range start 101, length 0", m, p, () -> m.flush(101, 0));
        bad(NullPointerException.class, "newAccess", m, p, () -> m.protect(null));
        bad(IllegalArgumentException.class, "newLength must be > 0, got " + Long.MIN_VALUE, m, p,
                () -> m.resize(Long.MIN_VALUE));
    }

    @Test
    void methods_resizeOverflowWithAnOffsetIsRefused() throws IOException {
        Path p = patternFile(100);
        MemoryMap m = open(p, opts().access(Access.WRITE).offset(10).build());
        bad(IllegalArgumentException.class, "offset + newLength overflows: newLength " + Long.MAX_VALUE, m, p,
                () -> m.resize(Long.MAX_VALUE));
    }

    @Test
    void protect_refusesWhatTheAccessForbids() throws IOException {
        Path p = patternFile(100);
        MemoryMap w = open(p, Access.WRITE);
        MemoryMap r = open(p, Access.READ);
        MemoryMap c = open(p, Access.COPY);
        bad(IllegalArgumentException.class, "newAccess must be READ or the access the map was opened with (WRITE),"
                + " got COPY", w, p, () -> w.protect(Access.COPY));
        bad(IllegalArgumentException.class, "got DEFAULT", w, p, () -> w.protect(Access.DEFAULT));
        bad(IllegalArgumentException.class, "(COPY), got WRITE", c, p, () -> c.protect(Access.WRITE));
        bad(ReadOnlyBufferException.class, "protect(WRITE) is not allowed: the map was opened with Access.READ", r, p,
                () -> r.protect(Access.WRITE));
    }

    @Test
    void readMaps_refuseEveryWriteTypeCallTheConformanceSuiteLeavesOut() throws IOException {
        Path p = patternFile(64);
        MemoryMap r = open(p, Access.READ);
        String ro = "is not allowed: the map was opened with Access.READ";
        bad(ReadOnlyBufferException.class, "write " + ro, r, p, () -> r.write(new byte[4], 0, 2));
        bad(ReadOnlyBufferException.class, "setIntVolatile " + ro, r, p, () -> r.setIntVolatile(0, 1));
        bad(ReadOnlyBufferException.class, "setLongVolatile " + ro, r, p, () -> r.setLongVolatile(0, 1));
        bad(ReadOnlyBufferException.class, "getAndAddLong " + ro, r, p, () -> r.getAndAddLong(0, 1));
        bad(ReadOnlyBufferException.class, "compareAndSetInt " + ro, r, p, () -> r.compareAndSetInt(0, 0, 1));
    }

    @Test
    void javaBackend_refusesNativeOnlyCallsNamingTheBackend() throws IOException {
        assumeTrue(backend() == Backend.JAVA, "lock, unlock and protect are NATIVE features");
        Path p = patternFile(64);
        MemoryMap m = open(p, Access.WRITE);
        bad(UnsupportedOperationException.class, "lock() needs the NATIVE backend", m, p, m::lock);
        bad(UnsupportedOperationException.class, "unlock() needs the NATIVE backend", m, p, m::unlock);
        bad(UnsupportedOperationException.class, "protect() needs the NATIVE backend", m, p, () -> m.protect(Access.READ));
    }

    @Test
    void closedMaps_refuseTheCallsTheConformanceSuiteLeavesOut() throws IOException {
        Path p = patternFile(64);
        MemoryMap m = MemoryMap.open(p, opts(Access.WRITE));
        m.close();
        for (Executable call : new Executable[] {() -> m.getInt(0), () -> m.setInt(0, 1), () -> m.setLong(0, 1),
                () -> m.getIntVolatile(0), () -> m.getAndAddLong(0, 1), () -> m.compareAndSetLong(0, 0, 1),
                () -> m.set(0, 2, new byte[2]), () -> m.set(0, 4, 2, new byte[2]), () -> m.find(new byte[1], 0, 1),
                () -> m.rfind(new byte[1]), () -> m.asCharSequence(0, 1), () -> m.readInto(new byte[1], 0, 1),
                () -> m.write(new byte[1], 0, 1), () -> m.madvise(Advice.NORMAL, 0, 1), m::lock, m::unlock,
                () -> m.protect(Access.READ)}) {
            bad(IllegalStateException.class, "map is closed", null, p, call);
        }
    }
}
