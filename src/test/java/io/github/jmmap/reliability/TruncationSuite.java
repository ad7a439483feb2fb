package io.github.jmmap.reliability;

import io.github.jmmap.Access;
import io.github.jmmap.MemoryMap;
import io.github.jmmap.Whence;
import io.github.jmmap.conformance.BackendDisplayNames;
import io.github.jmmap.conformance.MapTestSupport;
import io.github.jmmap.conformance.SuiteSummary;
import io.github.jmmap.interop.Peers;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Another process truncates the file under a live map: every access to the lost pages must throw,
 * the JVM must live on, and the pages still in the file keep working. What is thrown depends on
 * where the JVM meets the fault (see {@link #kind}): jmmap's UncheckedIOException saying the file
 * was truncated, or, once the JIT has inlined MemoryMap's method into a compiled caller, the JVM's
 * own InternalError "a fault occurred in an unsafe memory access operation", thrown in the caller
 * where MemoryMap cannot translate it. One concrete subclass per backend.
 */
@DisplayNameGeneration(BackendDisplayNames.class)
public abstract class TruncationSuite extends MapTestSupport {
    /** The OS page: faults come per page, so the lost offsets must lie in pages wholly past the new end. */
    static final int PAGE = Math.toIntExact(MemoryMap.pageSize());
    /** What the JVM throws for a fault in compiled code, at the caller's next safepoint poll. */
    static final String JVM_FAULT = "a fault occurred in an unsafe memory access operation";
    /** Keeps the JIT from dropping loads whose value nobody uses. */
    static volatile long sink;
    static final String CLEAR = "cannot access the mapped memory: the file was truncated underneath the map (its size is now ";

    @AfterAll
    static void summary(TestInfo info) {
        SuiteSummary.print(info);
    }

    @Test
    void truncation_accessPastTheNewEndThrowsAClearExceptionAndTheJvmLives() throws Exception {
        Path p = patternFile(4 * PAGE);
        MemoryMap m = open(p, Access.WRITE);
        m.get(0, m.length());                                    // every page touched, so mapped in
        Peers.run(Peers.java("truncate", p.toString(), String.valueOf(PAGE))).ok();
        assertEquals(PAGE, Files.size(p));

        int[] refused = assertEveryAccessPastTheEndThrows(m);
        // the JVM lives, and the pages still in the file work
        assertEquals(pattern(PAGE)[7], m.get(7));
        m.set(8, (byte) 42);
        assertEquals(42, m.get(8));
        m.close();
        assertEquals(42, Files.readAllBytes(p)[8]);
        SuiteSummary.add(getClass(), String.format("truncation: %d kinds of access past the new end refused (%d with"
                + " UncheckedIOException, %d with the JVM's InternalError at a compiled caller); the JVM lives",
                refused[0] + refused[1], refused[0], refused[1]));
    }

    /**
     * The same after the JIT has compiled the access paths: a SIGBUS in compiled code is reported
     * by the JVM differently from one in the interpreter or in the VM.
     */
    @Test
    void truncation_afterTheJitCompiledTheAccessPathsStillThrows() throws Exception {
        Path p = patternFile(4 * PAGE);
        MemoryMap m = open(p, Access.WRITE);
        for (int round = 0; round < 3; round++) {
            accessCalls(m, 8).values().forEach(call -> {
                for (int i = 0; i < 20_000; i++) {
                    try {
                        call.execute();
                    } catch (Throwable e) {
                        throw new AssertionError(e);
                    }
                }
            });
        }
        Peers.run(Peers.java("truncate", p.toString(), String.valueOf(PAGE))).ok();
        int[] refused = assertEveryAccessPastTheEndThrows(m);
        m.set(PAGE - 1, (byte) 5);                        // the page still in the file works
        assertEquals(5, m.get(PAGE - 1));
        SuiteSummary.add(getClass(), String.format("truncation after JIT: %d accesses threw UncheckedIOException, %d"
                + " the JVM's InternalError (at the compiled caller, where MemoryMap cannot catch it); the JVM lives",
                refused[0], refused[1]));
    }

    /**
     * Runs every kind of access past the new end; each must throw one of the two exceptions below.
     * Returns how many threw jmmap's UncheckedIOException and how many the JVM's InternalError.
     */
    private static int[] assertEveryAccessPastTheEndThrows(MemoryMap m) {
        int[] clearAndJvm = new int[2];
        for (var call : accessCalls(m, 2L * PAGE).entrySet()) {
            clearAndJvm[kind(assertThrows(Throwable.class, call.getValue(), call.getKey()), call.getKey())]++;
        }
        return clearAndJvm;
    }

    /**
     * 0 for jmmap's UncheckedIOException saying the file was truncated (a fault in the interpreter
     * or the VM, which MemoryMap catches); 1 for the JVM's InternalError, which the JVM throws at the
     * next safepoint of a JIT-compiled caller into which MemoryMap's method was inlined, outside
     * MemoryMap's catch. Anything else fails.
     */
    private static int kind(Throwable e, String what) {
        if (e instanceof UncheckedIOException u && u.getMessage().contains(CLEAR) && u.getCause() instanceof IOException) {
            return 0;
        }
        if (e instanceof InternalError i && JVM_FAULT.equals(i.getMessage())) {
            return 1;
        }
        throw new AssertionError(what + " threw " + e, e);
    }

    /** Every kind of access to the map at {@code at}, by name. */
    private static Map<String, Executable> accessCalls(MemoryMap m, long at) {
        long lost = at;
        long before = at - 8 >= 0 ? at - 8 : 0;
        Map<String, Executable> calls = new LinkedHashMap<>();
        calls.put("get(index)", () -> sink = m.get(lost));
        calls.put("set(index, b)", () -> m.set(lost, (byte) 1));
        calls.put("get(from, to)", () -> sink = m.get(before, lost + 8)[8]);
        calls.put("get(from, to, step)", () -> sink = m.get(lost, lost + 40, 4)[0]);
        calls.put("set(from, src)", () -> m.set(lost, new byte[16]));
        calls.put("set(from, to, step, src)", () -> m.set(lost, lost + 8, 2, new byte[4]));
        calls.put("getInt", () -> sink = m.getInt(lost));
        calls.put("getLong", () -> sink = m.getLong(lost));
        calls.put("setInt", () -> m.setInt(lost, 1));
        calls.put("setLong", () -> m.setLong(lost, 1));
        calls.put("getIntVolatile", () -> sink = m.getIntVolatile(lost));
        calls.put("setLongVolatile", () -> m.setLongVolatile(lost, 1));
        calls.put("getAndAddLong", () -> sink = m.getAndAddLong(lost, 1));
        calls.put("getAndAddInt", () -> sink = m.getAndAddInt(lost, 1));
        calls.put("compareAndSetInt", () -> sink = m.compareAndSetInt(lost, 0, 1) ? 1 : 0);
        calls.put("compareAndSetLong", () -> sink = m.compareAndSetLong(lost, 0, 1) ? 1 : 0);
        calls.put("setIntVolatile", () -> m.setIntVolatile(lost, 1));
        calls.put("getLongVolatile", () -> sink = m.getLongVolatile(lost));
        calls.put("find(sub, start)", () -> sink = m.find(new byte[] {1, 2, 3}, before));
        calls.put("rfind(sub, start, end)", () -> sink = m.rfind(new byte[] {1, 2, 3}, 0, lost + 100));
        calls.put("move", () -> m.move(0, lost, 16));
        calls.put("read(n)", () -> {
            m.seek(lost);
            sink = m.read(16)[0];
        });
        calls.put("readByte", () -> {
            m.seek(lost);
            sink = m.readByte();
        });
        calls.put("readLine", () -> {
            m.seek(lost, Whence.SET);
            sink = m.readLine()[0];
        });
        calls.put("readInto", () -> {
            m.seek(lost);
            byte[] dst = new byte[8];
            sink = m.readInto(dst, 0, 8) + dst[0];
        });
        calls.put("write", () -> {
            m.seek(lost);
            m.write(new byte[8]);
        });
        calls.put("writeByte", () -> {
            m.seek(lost);
            m.writeByte((byte) 1);
        });
        calls.put("asCharSequence().charAt", () -> sink = m.asCharSequence().charAt((int) lost));
        return calls;
    }

    @Test
    void truncation_resizeAfterTruncationRestoresAccess() throws Exception {
        Path p = patternFile(4 * PAGE);
        MemoryMap m = open(p, Access.WRITE);
        Peers.run(Peers.java("truncate", p.toString(), "0")).ok();
        kind(assertThrows(Throwable.class, () -> sink = m.get(0)), "get(0)");
        m.resize(2 * PAGE);
        assertEquals(0, m.get(0));
        m.set(2 * PAGE - 1, (byte) 5);
        assertEquals(2 * PAGE, Files.size(p));
    }

    @Test
    void truncation_byThisProcessGivesTheSameException() throws IOException {
        Path p = patternFile(4 * PAGE);
        MemoryMap m = open(p, Access.READ);
        try (var raf = new java.io.RandomAccessFile(p.toFile(), "rw")) {
            raf.setLength(PAGE);
        }
        kind(assertThrows(Throwable.class, () -> sink = m.get(3L * PAGE)), "get(3 pages)");
        assertEquals(pattern(PAGE)[5], m.get(5));
    }
}
