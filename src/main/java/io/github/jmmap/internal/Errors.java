package io.github.jmmap.internal;

import io.github.jmmap.MapOverflowException;
import io.github.jmmap.MapReadOnlyException;
import io.github.jmmap.MapUnderflowException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferOverflowException;
import java.nio.BufferUnderflowException;
import java.nio.ReadOnlyBufferException;

/**
 * The exceptions jmmap throws, made in one place so that their text is the same on every
 * backend. The java.nio buffer exceptions have no message constructor; the public subclasses
 * {@link MapReadOnlyException}, {@link MapOverflowException} and {@link MapUnderflowException}
 * add one (users see no internal class in a stack trace), and callers catch them by the java.nio
 * type.
 */
public final class Errors {
    private Errors() {
    }

    public static ReadOnlyBufferException readOnly(String operation) {
        return new MapReadOnlyException(operation + " is not allowed: the map was opened with Access.READ");
    }

    /** What a write-type call meets on a map made read-only by {@code protect(Access.READ)}. */
    public static ReadOnlyBufferException protectedReadOnly(String operation) {
        return new MapReadOnlyException(operation + " is not allowed: the map is read-only since protect(Access.READ)");
    }

    public static BufferOverflowException overflow(String operation, long count, long position, long length) {
        return new MapOverflowException(operation + " of " + count + " byte(s) at position " + position
                + " does not fit in the map of length " + length + "; nothing was written");
    }

    public static BufferUnderflowException underflow(long position, long length) {
        return new MapUnderflowException("readByte at position " + position + ": no byte left in the map of length " + length);
    }

    public static IllegalStateException closed() {
        return new IllegalStateException("map is closed");
    }

    public static IndexOutOfBoundsException index(String name, long index, long length) {
        return new IndexOutOfBoundsException(name + " " + index + " is out of range [0, " + length + ")");
    }

    public static IndexOutOfBoundsException range(String what, long from, long to, long length) {
        return new IndexOutOfBoundsException(what + " [" + from + ", " + to + ") is out of range for length " + length);
    }

    /**
     * The JDK turns a SIGBUS (or an EXCEPTION_IN_PAGE_ERROR on Windows) during access to a mapping
     * into an InternalError; this makes it an exception a caller can handle.
     */
    public static UncheckedIOException fault(InternalError e) {
        return new UncheckedIOException(new IOException(
                "cannot access the mapped memory: the file was probably truncated underneath the map"
                        + " (the OS signalled a fault: " + e.getMessage() + ")", e));
    }

    /**
     * What a downcall's {@code invokeExact} threw, as an unchecked exception to throw: runtime
     * exceptions as they are, errors rethrown at once, anything else wrapped.
     */
    public static RuntimeException unchecked(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

    /** An IOException naming the failing OS call, its error code and its text. */
    public static IOException os(String call, String errorName, int code, String text, String subject) {
        return new IOException(call + (subject == null ? "" : " " + subject) + " failed: "
                + errorName + " (" + code + "): " + text);
    }
}
