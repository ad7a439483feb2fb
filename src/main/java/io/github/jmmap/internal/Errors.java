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

    /**
     * A ReadOnlyBufferException for {@code operation}, saying {@code why} it was refused.
     *
     * <pre>{@code
     * throw Errors.readOnly("madvise(REMOVE)", "Advice.REMOVE can discard data and the map is read-only");
     * }</pre>
     */
    public static ReadOnlyBufferException readOnly(String operation, String why) {
        return new MapReadOnlyException(operation + " is not allowed: " + why + "; nothing was changed");
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

    /** A confined map used from a thread other than its owner; {@code cause}: the JDK's WrongThreadException, or null. */
    public static IllegalStateException confined(Thread owner, Throwable cause) {
        return new IllegalStateException("this map is confined to thread \"" + owner.getName()
                + "\" (MapOptions.confined(true)); it cannot be used from thread \"" + Thread.currentThread().getName()
                + "\"", cause);
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

    /**
     * What to check when the OS refuses a mapping for lack of memory (mmap's or mremap's ENOMEM,
     * FileChannel.map's "Map failed"), as one clause to append to the message, after Lucene's
     * MMapDirectory: on Linux the count of memory maps (sysctl vm.max_map_count, with the limit and
     * this process's count where /proc tells them) and the address-space limit (ulimit -v);
     * elsewhere the address-space limit.
     *
     * <pre>{@code
     * throw new IOException(osError.getMessage() + Errors.mapLimitHint(Os.current(), length));
     * }</pre>
     */
    public static String mapLimitHint(Os os, long length) {
        String mapping = length > 0 ? "; mapping " + length + " bytes: " : "; ";
        return switch (os) {
            case LINUX -> mapping + "the process may have reached its limit of memory maps (sysctl vm.max_map_count"
                    + procCounts() + ") or of virtual address space (ulimit -v)";
            case WINDOWS -> mapping + "the process may lack free virtual address space, or the system its commit"
                    + " limit (paging file size)";
            default -> mapping + "the process may have reached its limit of virtual address space (ulimit -v)";
        };
    }

    /** " = 65530, this process has 65530", or what of it /proc tells. */
    private static String procCounts() {
        StringBuilder b = new StringBuilder();
        // a line reader: Files.readString of this sysctl file returns its first byte only on some kernels
        try (var limit = java.nio.file.Files.newBufferedReader(java.nio.file.Path.of("/proc/sys/vm/max_map_count"))) {
            b.append(" = ").append(limit.readLine().strip());
        } catch (IOException | RuntimeException unreadable) {
            return "";
        }
        try (var lines = java.nio.file.Files.lines(java.nio.file.Path.of("/proc/self/maps"))) {
            b.append(", this process has ").append(lines.count());
        } catch (IOException | RuntimeException unreadable) {
            // the limit alone
        }
        return b.toString();
    }

    /** An IOException naming the failing OS call, its error code and its text. */
    public static IOException os(String call, String errorName, int code, String text, String subject) {
        return new IOException(call + (subject == null ? "" : " " + subject) + " failed: "
                + errorName + " (" + code + "): " + text);
    }
}
