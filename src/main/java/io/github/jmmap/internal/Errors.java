package io.github.jmmap.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferOverflowException;
import java.nio.BufferUnderflowException;
import java.nio.ReadOnlyBufferException;

/**
 * The exceptions jmmap throws, made in one place so that their text is the same on every
 * backend. The java.nio buffer exceptions have no message constructor; the subclasses here add
 * one, and callers catch them by the java.nio type.
 */
public final class Errors {
    private Errors() {
    }

    /** A ReadOnlyBufferException that says what was refused. */
    public static final class ReadOnly extends ReadOnlyBufferException {
        private final String message;

        ReadOnly(String message) {
            this.message = message;
        }

        @Override
        public String getMessage() {
            return message;
        }
    }

    /** A BufferOverflowException that says what did not fit. */
    public static final class Overflow extends BufferOverflowException {
        private final String message;

        Overflow(String message) {
            this.message = message;
        }

        @Override
        public String getMessage() {
            return message;
        }
    }

    /** A BufferUnderflowException that says what was missing. */
    public static final class Underflow extends BufferUnderflowException {
        private final String message;

        Underflow(String message) {
            this.message = message;
        }

        @Override
        public String getMessage() {
            return message;
        }
    }

    public static ReadOnlyBufferException readOnly(String operation) {
        return new ReadOnly(operation + " is not allowed: the map was opened with Access.READ");
    }

    public static BufferOverflowException overflow(String operation, long count, long position, long length) {
        return new Overflow(operation + " of " + count + " byte(s) at position " + position
                + " does not fit in the map of length " + length + "; nothing was written");
    }

    public static BufferUnderflowException underflow(long position, long length) {
        return new Underflow("readByte at position " + position + ": no byte left in the map of length " + length);
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

    /** Free space below which a file system counts as full when an access faults. */
    private static final long NEARLY_FULL = 1 << 20;

    /**
     * {@link #fault(InternalError)} for a map whose file or object is known ({@code backing}, or
     * null; {@code end} is where the map ends in it): the one place that tells why the OS
     * signalled. A file now shorter than the map was truncated underneath it; one that is long
     * enough, on a file system (or /dev/shm) with no space left, could not be given the page's
     * block; anything else is an I/O error or a store that was full when the page was touched.
     *
     * <pre>{@code
     * catch (InternalError e) { throw Errors.fault(e, handle, offset + length); }
     * }</pre>
     */
    public static UncheckedIOException fault(InternalError e, Handle backing, long end) {
        String why = backing == null || end < 0 ? null : why(backing, end);
        if (why == null) {
            return fault(e);
        }
        return new UncheckedIOException(new IOException("cannot access the mapped memory: " + why
                + " (the OS signalled a fault: " + e.getMessage() + ")", e));
    }

    private static String why(Handle backing, long end) {
        try {
            long size = backing.size();
            if (size < end) {
                return "the file was truncated underneath the map (its size is now " + size
                        + " bytes; the map reaches byte " + end + ")";
            }
            long free = backing.freeSpace();
            if (free >= 0 && free < NEARLY_FULL) {
                return "no space left on the file system that backs the map (" + free + " bytes free), so the OS"
                        + " could not allocate the page; the file was not truncated (its size is " + size + " bytes)";
            }
            return "the OS could not read or allocate the page (an I/O error, or no space left on the file system"
                    + " when the page was first touched); the file was not truncated (its size is " + size + " bytes)";
        } catch (IOException | RuntimeException unknown) {
            return null;
        }
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
