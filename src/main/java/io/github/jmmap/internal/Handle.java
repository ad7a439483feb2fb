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
}
