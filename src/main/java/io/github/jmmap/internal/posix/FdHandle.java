package io.github.jmmap.internal.posix;

import io.github.jmmap.internal.Handle;
import io.github.jmmap.internal.Space;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/** A file descriptor: a regular file, a shm_open object, or one the caller passed in. */
final class FdHandle implements Handle {
    private final Posix posix;
    final int fd;
    private final boolean owned;
    private final String description;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Path store;          // a path on the file system holding the object, or null
    private final boolean created;

    FdHandle(Posix posix, int fd, boolean owned, String description) {
        this(posix, fd, owned, description, null, false);
    }

    FdHandle(Posix posix, int fd, boolean owned, String description, Path store, boolean created) {
        this.posix = posix;
        this.fd = fd;
        this.owned = owned;
        this.description = description;
        this.store = store;
        this.created = created;
    }

    @Override
    public long size() throws IOException {
        if (closed.get()) {               // the number may belong to another file by now
            throw new IOException(description + ": the descriptor is closed");
        }
        // lseek, not fstat: struct stat's layout differs between architectures and macOS symbol versions
        return posix.lseekEnd(fd, description);
    }

    @Override
    public void setSize(long size) throws IOException {
        posix.ftruncate(fd, size, description);
    }

    @Override
    public boolean created() {
        return created;
    }

    @Override
    public long freeSpace() {
        return store == null || closed.get() ? -1 : Space.usable(store);
    }

    @Override
    public void preallocate(long size, long newSize) throws IOException {
        if (posix.canPreallocate()) {
            posix.preallocate(fd, size, newSize, description);
        } else {
            setSize(newSize);
        }
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() throws IOException {
        if (closed.compareAndSet(false, true) && owned) {
            posix.close(fd);
        }
    }
}
