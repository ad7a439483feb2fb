package io.github.jmmap.internal.posix;

import io.github.jmmap.internal.Handle;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/** A file descriptor: a regular file, a shm_open object, or one the caller passed in. */
final class FdHandle implements Handle {
    private final Posix posix;
    final int fd;
    private final boolean owned;
    private final String description;
    private final AtomicBoolean closed = new AtomicBoolean();

    FdHandle(Posix posix, int fd, boolean owned, String description) {
        this.posix = posix;
        this.fd = fd;
        this.owned = owned;
        this.description = description;
    }

    @Override
    public long size() throws IOException {
        // lseek, not fstat: struct stat's layout differs between architectures and macOS symbol versions
        return posix.lseekEnd(fd, description);
    }

    @Override
    public void setSize(long size) throws IOException {
        posix.ftruncate(fd, size, description);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() throws IOException {
        if (owned && closed.compareAndSet(false, true)) {
            posix.close(fd);
        }
    }
}
