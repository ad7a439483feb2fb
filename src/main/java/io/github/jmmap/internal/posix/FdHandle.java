package io.github.jmmap.internal.posix;

import io.github.jmmap.internal.Handle;
import io.github.jmmap.internal.Space;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A file descriptor: a regular file, a shm_open object, or one the caller passed in. A shm object
 * of an OS whose {@link ShmTraits#sizedOnce()} holds (xnu) takes one ftruncate in its lifetime:
 * such a handle sets the size of an unsized object once, keeps it for any smaller size, and
 * refuses to grow it, before anything is changed.
 */
final class FdHandle implements Handle {
    private final Posix posix;
    final int fd;
    private final boolean owned;
    private final String description;
    private final boolean sizedOnce;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Path store;          // a path on the file system holding the object, or null
    private final boolean created;

    FdHandle(Posix posix, int fd, boolean owned, String description) {
        this(posix, fd, owned, description, false);
    }

    FdHandle(Posix posix, int fd, boolean owned, String description, boolean sizedOnce) {
        this(posix, fd, owned, description, sizedOnce, null, false);
    }

    FdHandle(Posix posix, int fd, boolean owned, String description, boolean sizedOnce, Path store, boolean created) {
        this.posix = posix;
        this.fd = fd;
        this.owned = owned;
        this.description = description;
        this.sizedOnce = sizedOnce;
        this.store = store;
        this.created = created;
    }

    @Override
    public long size() throws IOException {
        if (closed.get()) {               // the number may belong to another file by now
            throw new IOException(description + ": the descriptor is closed");
        }
        // lseek where it works for every mappable descriptor (Linux), fstat where it does not (xnu's shm)
        return posix.size(fd, description);
    }

    @Override
    public void setSize(long size) throws IOException {
        if (!sizedOnce) {
            posix.ftruncate(fd, size, description);
            return;
        }
        long current = size();
        if (current == 0) {
            try {
                posix.ftruncate(fd, size, description);
                return;
            } catch (IOException e) {
                current = size();             // sized by another process since: fine if big enough
                if (current == 0) {
                    throw e;
                }
            }
        }
        requireFits(current, size);
        // an object sized already keeps its size; the maps use a part of it
    }

    /** Refuses, changing nothing, a size this handle cannot give its object. */
    void checkCanHold(long size) throws IOException {
        if (sizedOnce) {
            long current = size();
            if (current != 0) {
                requireFits(current, size);
            }
        }
    }

    private void requireFits(long current, long size) throws IOException {
        if (size > current) {
            throw new IOException(growRefused(description, current, size, posix.sym.os));
        }
    }

    /** The message for growing an object that keeps its first size. */
    static String growRefused(String description, long current, long wanted, String os) {
        return "cannot grow " + description + " from " + current + " to " + wanted + " bytes: a " + os
                + " named map keeps the size it was first given (rounded up to the page size) for its lifetime";
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
        if (posix.canPreallocate() && !sizedOnce) {
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
