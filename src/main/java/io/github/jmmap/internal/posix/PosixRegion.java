package io.github.jmmap.internal.posix;

import io.github.jmmap.Access;
import io.github.jmmap.Advice;
import io.github.jmmap.FlushMode;
import io.github.jmmap.internal.Arenas;
import io.github.jmmap.internal.Handle;
import io.github.jmmap.internal.Region;
import io.github.jmmap.internal.ResizeFailed;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One mmap'ed range. Its memory is bound to a shared Arena whose close runs munmap, so access
 * through any view after close throws IllegalStateException. Resize and protect move the mapping
 * to a new Arena (closing the old one without unmapping), which invalidates old views the same way.
 */
final class PosixRegion implements Region {
    private final PosixProvider provider;
    private final Posix posix;
    private final FdHandle handle;        // null for anonymous memory
    private final long fileOffset;        // the user's offset in the file
    private final long delta;             // fileOffset minus the page-aligned offset mapped
    private final long mapLength;         // bytes mapped from the aligned offset
    private final Access access;
    private final int prot;
    private final int flags;
    private final Arena arena;
    private final MemorySegment full;     // [aligned offset, +mapLength)
    private final MemorySegment user;     // [fileOffset, +length)
    private final AtomicBoolean unmapOnClose;
    private volatile String vmaName;      // the name given to anonymous memory, for a resize to give again

    @SuppressWarnings("restricted")   // reinterpret: gives the mapped address its length and arena
    private PosixRegion(PosixProvider provider, FdHandle handle, long fileOffset, long delta, long address,
                        long mapLength, Access access, int prot, int flags) {
        this.provider = provider;
        this.posix = provider.posix;
        this.handle = handle;
        this.fileOffset = fileOffset;
        this.delta = delta;
        this.mapLength = mapLength;
        this.access = access;
        this.prot = prot;
        this.flags = flags;
        this.arena = Arena.ofShared();
        AtomicBoolean unmap = new AtomicBoolean(true);
        this.unmapOnClose = unmap;
        Posix p = posix;
        this.full = MemorySegment.ofAddress(address).reinterpret(mapLength, arena, s -> {
            if (unmap.get()) {
                p.munmap(address, mapLength);
            }
        });
        this.user = full.asSlice(delta, mapLength - delta);
    }

    /** Maps {@code length} bytes of {@code handle} (null: anonymous) at {@code offset}. */
    static PosixRegion map(PosixProvider provider, FdHandle handle, long offset, long length, Access access,
                           int prot, int flags) throws IOException {
        long page = provider.pageSize();
        long aligned = offset - offset % page;
        long delta = offset - aligned;
        long mapLength = length + delta;
        int fd = handle == null ? -1 : handle.fd;
        long address = provider.posix.mmap(mapLength, prot, flags, fd, aligned,
                handle == null ? "anonymous" : handle.describe());
        try {
            return new PosixRegion(provider, handle, offset, delta, address, mapLength, access, prot, flags);
        } catch (RuntimeException | Error e) {
            provider.posix.munmap(address, mapLength);
            throw e;
        }
    }

    /** The same mapping under a new Arena; the old Arena closes without unmapping. */
    private PosixRegion moveTo(long address, long newMapLength, int newProt) {
        detach();
        PosixRegion moved = new PosixRegion(provider, handle, fileOffset, delta, address, newMapLength, access, newProt,
                flags);
        moved.vmaName = vmaName;           // the same pages: the kernel keeps their name
        return moved;
    }

    private void detach() {
        unmapOnClose.set(false);
        Arenas.close(arena);
    }

    @Override
    public Handle backing() {
        return handle;
    }

    @Override
    public MemorySegment segment() {
        return user;
    }

    /** The page-aligned part of {@code full} that covers {@code [off, off+len)} of the user's window. */
    private MemorySegment pages(long off, long len) {
        return Region.pages(full, delta, provider.pageSize(), off, len);
    }

    @Override
    public void flush(long off, long len) throws IOException {
        flush(off, len, FlushMode.SYNC);
    }

    @Override
    public void flush(long off, long len, FlushMode mode) throws IOException {
        if (len == 0 || (flags & posix.c("MAP_SHARED")) == 0 || handle == null) {
            return;
        }
        int msyncFlags = switch (mode) {
            case SYNC -> posix.c("MS_SYNC");
            case ASYNC -> posix.c("MS_ASYNC");
            case INVALIDATE -> posix.c("MS_SYNC") | posix.c("MS_INVALIDATE");
        };
        int errno = posix.rangeCall("msync", pages(off, len), msyncFlags);
        if (errno != 0) {
            throw posix.error("msync", errno, handle.describe());
        }
    }

    @Override
    public void advise(Advice advice, long off, long len) throws IOException {
        Integer value = posix.sym.advice.get(advice);
        if (value == null) {
            throw new UnsupportedOperationException("Advice." + advice + " is not supported on " + posix.sym.os);
        }
        if (len == 0) {
            return;
        }
        MemorySegment range = Region.advicePages(advice, access, full, delta, provider.pageSize(), off, len);
        if (range.byteSize() == 0) {
            return;                               // advice that discards data, and no whole page in the range
        }
        int errno = posix.rangeCall("madvise", range, value);
        if (errno == 0) {
            return;
        }
        IOException failure = posix.error("madvise", errno, null);
        boolean refused = errno == posix.c("EINVAL") || errno == posix.sym.flagOrZero("EOPNOTSUPP")
                || errno == posix.sym.flagOrZero("ENOTSUP");
        String map = handle == null ? "anonymous memory" : handle.describe();
        if (refused && advice == Advice.REMOVE) {
            throw new UnsupportedOperationException("Advice.REMOVE is not supported for this map of " + map + ": "
                    + posix.sym.os + " frees the backing store only of a shared map that is not locked (lock())"
                    + " and whose file system can punch holes (" + failure.getMessage() + ")");
        }
        if (refused) {
            throw new UnsupportedOperationException("Advice." + advice + " is not supported for this map of " + map
                    + " by this " + posix.sym.os + " kernel (" + failure.getMessage() + ")");
        }
        throw failure;
    }

    @Override
    public Region resize(long newLength) throws IOException {
        long oldLength = mapLength - delta;
        long newMapLength = newLength + delta;
        if (handle == null) {
            return resizeAnonymous(newLength, oldLength);
        }
        long oldSize = fileOffset + oldLength;
        long newSize = fileOffset + newLength;
        try {
            handle.checkCanHold(newSize);      // refuse what the object cannot become, before changing anything
        } catch (IOException e) {
            throw new ResizeFailed(this, e);
        }
        if (posix.hasMremap()) {
            if (newLength > oldLength) {
                handle.setSize(newSize);
            }
            long address = full.address();
            detach();
            long moved;
            try {
                moved = posix.mremap(address, mapLength, newMapLength, posix.c("MREMAP_MAYMOVE"));
            } catch (IOException e) {
                PosixRegion restored = new PosixRegion(provider, handle, fileOffset, delta, address, mapLength, access,
                        prot, flags);
                if (newLength > oldLength) {
                    handle.setSize(oldSize);
                }
                throw new ResizeFailed(restored, e);
            }
            PosixRegion resized = new PosixRegion(provider, handle, fileOffset, delta, moved, newMapLength, access,
                    prot, flags);
            if (newLength <= oldLength) {          // equal too: the file may be longer than the map (CPython sets it)
                handle.setSize(newSize);
            }
            return resized;
        }
        // no mremap: unmap, change the file, map again
        close();
        try {
            handle.setSize(newSize);
            return map(provider, handle, fileOffset, newLength, access, prot, flags);
        } catch (IOException e) {
            handle.setSize(oldSize);
            throw new ResizeFailed(map(provider, handle, fileOffset, oldLength, access, prot, flags), e);
        }
    }

    /**
     * Anonymous memory is remapped and copied: growing a shared anonymous mapping with mremap
     * leaves the new pages without backing store (they fault with SIGBUS).
     */
    private Region resizeAnonymous(long newLength, long oldLength) throws IOException {
        PosixRegion bigger = map(provider, null, 0, newLength, access, prot, flags);
        if (vmaName != null) {
            try {
                bigger.setName(vmaName);
            } catch (IOException | RuntimeException e) {
                bigger.close();
                throw new ResizeFailed(this, e);
            }
        }
        MemorySegment.copy(user, 0, bigger.user, 0, Math.min(oldLength, newLength));
        close();
        return bigger;
    }

    @Override
    public boolean isLoaded(long off, long len) throws IOException {
        return len == 0 || posix.mincoreAll(pages(off, len), provider.pageSize());
    }

    @Override
    public void lock(long off, long len) throws IOException {
        lockOrUnlock(true, off, len);
    }

    @Override
    public void unlock(long off, long len) throws IOException {
        lockOrUnlock(false, off, len);
    }

    private void lockOrUnlock(boolean lock, long off, long len) throws IOException {
        if (len > 0) {
            int errno = posix.lockCall(lock, pages(off, len));
            if (errno != 0) {
                throw posix.error(lock ? "mlock" : "munlock", errno, null);
            }
        }
    }

    @Override
    public Region protect(Access newAccess) throws IOException {
        int newProt = newAccess == Access.READ ? posix.c("PROT_READ") : posix.c("PROT_READ") | posix.c("PROT_WRITE");
        // old views die first: none may write while (or after) the pages become read-only
        PosixRegion moved = moveTo(full.address(), mapLength, newProt);
        int errno = posix.rangeCall("mprotect", moved.full, newProt);
        if (errno != 0) {
            IOException e = posix.error("mprotect", errno, null);
            throw new ResizeFailed(moved.moveTo(moved.full.address(), mapLength, prot), e);
        }
        return moved;
    }

    /**
     * prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME) over the whole mapping. The name rules were checked,
     * and the range is the mapping itself, so EINVAL means the kernel cannot name memory (before
     * 5.17, PR_SET_VMA is unknown; without CONFIG_ANON_VMA_NAME, prctl_set_vma is a stub that
     * returns EINVAL) and EBADF that it cannot name shared anonymous memory (before 6.2): both
     * UnsupportedOperationException naming the kernel. Anything else is an IOException.
     */
    @Override
    public void setName(String name) throws IOException {
        if (!posix.hasPrctl()) {
            throw new UnsupportedOperationException("naming anonymous memory is a Linux feature"
                    + " (prctl PR_SET_VMA_ANON_NAME) that " + posix.sym.os + " lacks");
        }
        int errno = posix.prctlSetVmaName(full, name);
        if (errno == 0) {
            vmaName = name;
            return;
        }
        String why = posix.error("prctl", errno, "PR_SET_VMA_ANON_NAME").getMessage();
        String kernel = "this kernel (" + System.getProperty("os.version") + ") refused it: " + why;
        if (errno == posix.c("EINVAL")) {
            throw new UnsupportedOperationException("naming anonymous memory needs a Linux kernel 5.17 or later"
                    + " built with CONFIG_ANON_VMA_NAME; " + kernel);
        }
        if (errno == posix.c("EBADF") && (flags & posix.c("MAP_SHARED")) != 0) {
            throw new UnsupportedOperationException("naming shared anonymous memory needs Linux 6.2 or later"
                    + " (an Access.COPY map, MAP_PRIVATE, can be named since 5.17); " + kernel);
        }
        throw posix.error("prctl", errno, "PR_SET_VMA_ANON_NAME");
    }

    @Override
    public void close() {
        Arenas.close(arena);
    }
}
