package io.github.jmmap.reliability;

import io.github.jmmap.Access;
import io.github.jmmap.MemoryMap;
import io.github.jmmap.Whence;
import io.github.jmmap.conformance.BackendDisplayNames;
import io.github.jmmap.conformance.MapTestSupport;
import io.github.jmmap.interop.Peers;
import org.junit.jupiter.api.DisplayNameGeneration;
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
 * Another process truncates the file under a live map: every access to the lost pages must throw
 * UncheckedIOException saying so, the JVM must live on, and the pages still in the file keep working.
 * One concrete subclass per backend.
 */
@DisplayNameGeneration(BackendDisplayNames.class)
public abstract class TruncationSuite extends MapTestSupport {
    static final int PAGE = 4096;
    /** What the JVM throws for a fault in compiled code, at the caller's next safepoint poll. */
    static final String JVM_FAULT = "a fault occurred in an unsafe memory access operation";
    /** Keeps the JIT from dropping loads whose value nobody uses. */
    static volatile long sink;
    static final String CLEAR = "cannot access the mapped memory: the file was probably truncated underneath the map";

    @Test
    void truncation_accessPastTheNewEndThrowsAClearExceptionAndTheJvmLives() throws Exception {
        Path p = patternFile(4 * PAGE);
        MemoryMap m = open(p, Access.WRITE);
        m.get(0, m.length());                                    // every page touched, so mapped in
        Peers.run(Peers.java("truncate", p.toString(), String.valueOf(PAGE))).ok();
        assertEquals(PAGE, Files.size(p));

        int refused = assertEveryAccessPastTheEndThrows(m);
        // the JVM lives, and the pages still in the file work
        assertEquals(pattern(PAGE)[7], m.get(7));
        m.set(8, (byte) 42);
        assertEquals(42, m.get(8));
        m.close();
        assertEquals(42, Files.readAllBytes(p)[8]);
        System.out.printf("[%s] truncation: %d kinds of access past the new end refused, the JVM lives%n",
                backend(), refused);
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
        int clear = 0;
        int jvm = 0;
        for (var call : accessCalls(m, 2L * PAGE).entrySet()) {
            Throwable e = assertThrows(Throwable.class, call.getValue(), call.getKey());
            if (e instanceof UncheckedIOException u && u.getMessage().contains(CLEAR)) {
                clear++;
            } else if (e instanceof InternalError i && JVM_FAULT.equals(i.getMessage())) {
                jvm++;              // delivered by the JVM at the compiled caller, outside MemoryMap's catch
            } else {
                throw new AssertionError(call.getKey() + " threw " + e, e);
            }
        }
        m.set(PAGE - 1, (byte) 5);                        // the page still in the file works
        assertEquals(5, m.get(PAGE - 1));
        System.out.printf("[%s] truncation after JIT: %d accesses threw UncheckedIOException, %d the JVM's InternalError"
                + " (at the compiled caller, where MemoryMap cannot catch it); the JVM lives%n", backend(), clear, jvm);
    }

    private static int assertEveryAccessPastTheEndThrows(MemoryMap m) {
        int refused = 0;
        for (var call : accessCalls(m, 2L * PAGE).entrySet()) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, call.getValue(), call.getKey());
            assertTrue(e.getMessage().contains(CLEAR), call.getKey() + ": " + e.getMessage());
            refused++;
        }
        return refused;
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
        assertThrows(UncheckedIOException.class, () -> m.get(0));
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
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> m.get(3L * PAGE));
        assertTrue(e.getMessage().contains(CLEAR), e.getMessage());
        assertTrue(e.getCause() instanceof IOException);
    }
}
