package io.github.jmmap.internal;

import java.io.Closeable;
import java.io.IOException;

/** An open file or named object that regions map: the backend's file descriptor or channel. */
public interface Handle extends Closeable {

    /** The object's size in bytes. */
    long size() throws IOException;

    /** Sets the object's size, extending with zeros or truncating. */
    void setSize(long size) throws IOException;

    /** What to call it in messages and {@code toString} (a path or a name). */
    String describe();

    /** Closes the handle; regions already mapped stay valid. Idempotent. */
    @Override
    void close() throws IOException;

    /**
     * Whether this open created the object (a named object that did not exist before), so that a
     * map that then fails removes the name again, and never a name that existed before.
     *
     * <pre>{@code
     * if (handle.created()) provider.unlinkNamed(name);   // after a failed map
     * }</pre>
     */
    default boolean created() {
        return false;
    }

    /**
     * The bytes still free for this object on the file system (or memory store) that holds it, or
     * -1 where that cannot be known; for the space checks at open and to tell "no space" from
     * "truncated" when an access faults.
     *
     * <pre>{@code
     * Space.require(what, growth, "the file system that holds it", handle.freeSpace());
     * }</pre>
     */
    default long freeSpace() throws IOException {
        return -1;
    }

    /**
     * Extends the object from {@code size} to {@code newSize} bytes with its blocks reserved, so a
     * full file system is an IOException now rather than a fault on first touch
     * ({@code MapOptions.preallocate}). The default only sets the size: right where extending a
     * file allocates its blocks (Windows NTFS and ReFS, for files that are not sparse).
     *
     * <pre>{@code
     * handle.preallocate(handle.size(), offset + length);
     * }</pre>
     */
    default void preallocate(long size, long newSize) throws IOException {
        setSize(newSize);
    }
}
