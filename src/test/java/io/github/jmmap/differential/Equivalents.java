package io.github.jmmap.differential;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferOverflowException;
import java.nio.BufferUnderflowException;
import java.nio.ReadOnlyBufferException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The one place that says which CPython exception a jmmap exception stands for. The order
 * matters: the first type the thrown exception is an instance of decides (ReadOnlyBufferException
 * is an UnsupportedOperationException).
 */
final class Equivalents {
    private Equivalents() {
    }

    private static final Map<Class<? extends Throwable>, Set<String>> CPYTHON = new LinkedHashMap<>();

    static {
        // "mmap can't modify a readonly memory map." / "... can't resize a readonly or copy-on-write ..."
        CPYTHON.put(ReadOnlyBufferException.class, Set.of("TypeError"));
        // write/write_byte: "data out of range", "write byte out of range"
        CPYTHON.put(BufferOverflowException.class, Set.of("ValueError"));
        // read_byte: "read byte out of range"
        CPYTHON.put(BufferUnderflowException.class, Set.of("ValueError"));
        // "mmap index out of range", "mmap slice assignment is wrong size" (IndexError);
        // move: "source, destination, or count out of range", flush: "flush values out of range" (ValueError)
        CPYTHON.put(IndexOutOfBoundsException.class, Set.of("IndexError", "ValueError"));
        // seek: "seek out of range", "slice step cannot be zero", resize: "new size out of range",
        // open: "mmap offset is greater than file size", "mmap length is greater than file size",
        // "cannot mmap an empty file"
        CPYTHON.put(IllegalArgumentException.class, Set.of("ValueError"));
        // "mmap closed or invalid"
        CPYTHON.put(IllegalStateException.class, Set.of("ValueError"));
        // resize of a COPY map: "mmap can't resize a readonly or copy-on-write memory map."
        CPYTHON.put(UnsupportedOperationException.class, Set.of("TypeError"));
        CPYTHON.put(IOException.class, Set.of("OSError"));
        CPYTHON.put(UncheckedIOException.class, Set.of("OSError"));
    }

    /** The jmmap type in the table that {@code t} counts as, or null for an exception jmmap must never throw here. */
    static Class<? extends Throwable> kind(Throwable t) {
        for (Class<? extends Throwable> c : CPYTHON.keySet()) {
            if (c.isInstance(t)) {
                return c;
            }
        }
        return null;
    }

    /** Whether CPython raising {@code pythonClass} agrees with jmmap throwing {@code t}. */
    static boolean agree(Throwable t, String pythonClass) {
        Class<? extends Throwable> k = kind(t);
        return k != null && CPYTHON.get(k).contains(pythonClass);
    }
}
