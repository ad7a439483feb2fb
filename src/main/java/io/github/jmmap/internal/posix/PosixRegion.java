package io.github.jmmap.internal.posix;

import io.github.jmmap.Access;
import io.github.jmmap.Advice;
import io.github.jmmap.FlushMode;
import io.github.jmmap.internal.Handle;
import io.github.jmmap.internal.Mapping;
import io.github.jmmap.internal.Region;
import io.github.jmmap.internal.ResizeFailed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;

/**
 * One mmap'ed range. Its memory is a {@link Mapping}: a shared Arena whose close runs munmap, so
 * access through any view after close throws IllegalStateException. Resize and protect move the
 * mapping to a new Arena (detaching the old one without unmapping), which invalidates old views
 * the same way. Every failure of resize or protect leaves the map as it was: the old memory stays
 * mapped until the new one is in place, and a file size changed on the way is put back.
 */
final class PosixRegion implements Region {
    private final PosixProvider provider;
    private final Posix posix;
    private final FdHandle handle;        // null for anonymous memory
    private final long fileOffset;        // the user's offset in the file
    private final long delta;             // fileOffset minus the page-aligned offset mapped
    private final long mapLength;         // bytes mapped from the aligned offset
    private final long granule;           // the mapping's page size: the huge page size for MAP_HUGETLB
    private final Access access;
    private final int prot;
    private final int flags;
    private final Mapping mapping;
    private final MemorySegment full;     // [aligned offset, +mapLength)
    private final MemorySegment user;     // [fileOffset, +length)
    private volatile String vmaName;      // the name given to anonymous memory, for a resize to give again

    @SuppressWarnings("restricted")   // reinterpret: gives the mapped address its length and arena
    private PosixRegion(PosixProvider provider, FdHandle handle, long fileOffset, long delta, long address,
                        long mapLength, long granule, Access access, int prot, int flags) {
        this.provider = provider;
        this.posix = provider.posix;
        this.handle = handle;
        this.fileOffset = fileOffset;
        this.delta = delta;
        this.mapLength = mapLength;
        this.granule = granule;
        this.access = access;
        this.prot = prot;
        this.flags = flags;
        Posix p = posix;
        long unmapLength = roundUp(mapLength, granule);
        this.mapping = new Mapping(address, mapLength, () -> p.munmap(address, unmapLength),
                handle == null ? "anonymous memory" : handle.describe());
        this.full = mapping.segment();
        this.user = full.asSlice(delta, mapLength - delta);
    }

    /** munmap, mprotect and mremap of huge pages need whole huge pages. */
    private static long roundUp(long length, long granule) {
        long r = length % granule;
        return r == 0 ? length : length + (granule - r);
    }

    /**
     * Maps {@code length} bytes of {@code handle} (null: anonymous) at {@code offset}; {@code granule}
     * is the page size of the mapping (the huge page size with MAP_HUGETLB).
     */
    static PosixRegion map(PosixProvider provider, FdHandle handle, long offset, long length, Access access,
                           int prot, int flags, long granule) throws IOException {
        long page = provider.pageSize();
        long aligned = offset - offset % page;
        long delta = offset - aligned;
        long mapLength = length + delta;
        int fd = handle == null ? -1 : handle.fd;
        long address = provider.posix.mmap(mapLength, prot, flags, fd, aligned,
                handle == null ? "anonymous" : handle.describe());
        try {
            return new PosixRegion(provider, handle, offset, delta, address, mapLength, granule, access, prot, flags);
        } catch (RuntimeException | Error e) {
            try {
                provider.posix.munmap(address, roundUp(mapLength, granule));
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
    }

    /** A region for memory already mapped at {@code address} (after a detach, mremap or mprotect). */
    private PosixRegion at(long address, long newMapLength, int newProt) {
        PosixRegion moved = new PosixRegion(provider, handle, fileOffset, delta, address, newMapLength, granule, access,
                newProt, flags);
        moved.vmaName = vmaName;           // the same pages: the kernel keeps their name
        return moved;
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
        return Region.pages(full, delta, granule, off, len);
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
        if (handle == null) {
            return resizeAnonymous(newLength);
        }
        long newSize = fileOffset + newLength;
        handle.checkCanHold(newSize);                  // refuse what the object cannot become: nothing changed
        long sizeBefore = handle.size();
        boolean fileGrows = newSize > sizeBefore;
        if (fileGrows) {
            handle.setSize(newSize);                   // EFBIG, ENOSPC, ...: nothing changed
        }
        try {
            return posix.hasMremap() ? remap(newLength, newSize, sizeBefore) : mapAgain(newLength, newSize, sizeBefore);
        } catch (IOException | RuntimeException | Error e) {
            if (fileGrows) {
                restoreSize(sizeBefore, e);
            }
            throw e;
        }
    }

    /** Puts the file's size back after a failure, keeping the failure as the exception to throw. */
    private void restoreSize(long size, Throwable failure) {
        try {
            handle.setSize(size);
        } catch (IOException again) {
            failure.addSuppressed(again);
        }
    }

    /** Linux: mremap moves or resizes the mapping in place; a failed mremap leaves it as it was. */
    private Region remap(long newLength, long newSize, long sizeBefore) throws IOException {
        long address = full.address();
        long oldUnmap = roundUp(mapLength, granule);
        long newMapLength = newLength + delta;
        mapping.detach("resize");                      // old views die; the memory stays mapped
        long moved;
        try {
            moved = posix.mremap(address, oldUnmap, roundUp(newMapLength, granule), posix.c("MREMAP_MAYMOVE"));
        } catch (IOException | RuntimeException e) {
            throw new ResizeFailed(at(address, mapLength, prot), e);
        }
        if (newSize < sizeBefore) {                    // truncate last: the data stays until the map is shorter
            try {
                handle.setSize(newSize);
            } catch (IOException e) {
                long back;
                try {
                    back = posix.mremap(moved, roundUp(newMapLength, granule), oldUnmap, posix.c("MREMAP_MAYMOVE"));
                } catch (IOException again) {
                    e.addSuppressed(again);
                    throw new ResizeFailed(at(moved, newMapLength, prot), new IOException("the map was resized to "
                            + newLength + " bytes, but the file's size could not be changed: " + e.getMessage(), e));
                }
                throw new ResizeFailed(at(back, mapLength, prot), e);
            }
        }
        return at(moved, newMapLength, prot);
    }

    /** Without mremap (macOS): map the new length, then let the old mapping go. */
    private Region mapAgain(long newLength, long newSize, long sizeBefore) throws IOException {
        PosixRegion resized = map(provider, handle, fileOffset, newLength, access, prot, flags, granule);
        try {
            mapping.close("resize");
        } catch (IllegalStateException inUse) {
            closeQuietly(resized, inUse);
            throw inUse;
        } catch (UncheckedIOException unmapFailed) {
            throw new ResizeFailed(resized, unmapFailed.getCause());
        }
        if (newSize < sizeBefore) {
            try {
                handle.setSize(newSize);
            } catch (IOException e) {
                PosixRegion restored;
                try {                                  // the file kept its bytes: map the old length again
                    restored = map(provider, handle, fileOffset, mapLength - delta, access, prot, flags, granule);
                } catch (IOException | RuntimeException again) {
                    e.addSuppressed(again);
                    throw new ResizeFailed(resized, new IOException("the map was resized to " + newLength
                            + " bytes, but the file's size could not be changed: " + e.getMessage(), e));
                }
                closeQuietly(resized, e);
                throw new ResizeFailed(restored, e);
            }
        }
        return resized;
    }

    private static void closeQuietly(Region r, Throwable failure) {
        try {
            r.close();
        } catch (RuntimeException again) {
            failure.addSuppressed(again);
        }
    }

    /**
     * Anonymous memory is mapped anew and copied: growing a shared anonymous mapping with mremap
     * leaves the new pages without backing store (they fault with SIGBUS). The old views die
     * before the copy, so no write to the old memory can be lost.
     */
    @SuppressWarnings("restricted")   // reinterpret of the new mapping's address
    private Region resizeAnonymous(long newLength) throws IOException {
        long oldLength = mapLength - delta;
        PosixRegion resized = map(provider, null, 0, newLength, access, prot, flags, granule);   // ENOMEM: nothing changed
        if (vmaName != null) {
            try {
                resized.setName(vmaName);
            } catch (IOException | RuntimeException e) {
                closeQuietly(resized, e);
                throw e;                               // nothing changed
            }
        }
        try {
            mapping.detach("resize");
        } catch (RuntimeException inUse) {
            closeQuietly(resized, inUse);
            throw inUse;
        }
        long address = full.address();
        MemorySegment old = MemorySegment.ofAddress(address).reinterpret(mapLength);
        MemorySegment.copy(old, delta, resized.user, 0, Math.min(oldLength, newLength));
        try {
            posix.munmap(address, roundUp(mapLength, granule));
        } catch (IOException e) {
            throw new ResizeFailed(resized, e);        // resized, but the old memory could not be released
        }
        return resized;
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
    @SuppressWarnings("restricted")   // reinterpret of the same address with the new protection
    public Region protect(Access newAccess) throws IOException {
        int newProt = newAccess == Access.READ ? posix.c("PROT_READ") : posix.c("PROT_READ") | posix.c("PROT_WRITE");
        long address = full.address();
        // old views die first: none may write while (or after) the pages become read-only
        mapping.detach("protect");
        MemorySegment pages = MemorySegment.ofAddress(address).reinterpret(roundUp(mapLength, granule));
        int errno = posix.rangeCall("mprotect", pages, newProt);
        if (errno != 0) {
            throw new ResizeFailed(at(address, mapLength, prot), posix.error("mprotect", errno, null));
        }
        return at(address, mapLength, newProt);
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
        mapping.close("close");
    }
}
