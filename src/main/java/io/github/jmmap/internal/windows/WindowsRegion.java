package io.github.jmmap.internal.windows;

import io.github.jmmap.Access;
import io.github.jmmap.Advice;
import io.github.jmmap.CreatePolicy;
import io.github.jmmap.FlushMode;
import io.github.jmmap.internal.Mapping;
import io.github.jmmap.internal.Region;
import io.github.jmmap.internal.ResizeFailed;
import io.github.jmmap.internal.Tagnames;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One view (MapViewOfFile) of a mapping object the region owns a handle to. Its memory is bound
 * to a shared Arena whose close unmaps the view and closes the region's handles, so access
 * through any segment after close throws IllegalStateException. Protect moves the view to a new
 * Arena; resize unmaps, changes the file or object, and maps again (Windows cannot change the
 * size of a mapped file or of a mapping object in place).
 *
 * <p>The region holds its own handles, independent of the caller's {@code Handle}: for a file, a
 * duplicate of the file handle (FlushFileBuffers and resize need it, also after
 * {@code trackFd(false)}) and its own mapping object; for a named map, a duplicate of the named
 * object's handle, which keeps the name alive as long as the map.
 */
final class WindowsRegion implements Region {
    enum Kind { FILE, NAMED, ANONYMOUS }

    /** What the Arena's cleanup releases. */
    private static final int RELEASE_ALL = 0;          // view, mapping object, file duplicate
    private static final int RELEASE_VIEW_AND_SECTION = 1;
    private static final int RELEASE_NOTHING = 2;

    private final WindowsProvider provider;
    private final Win32 win32;
    private final Kind kind;
    private final long file;               // FILE: the region's duplicate of the file handle; else 0
    private final WinNamedHandle named;    // NAMED; else null
    private final String tagname;          // FILE with a tagname; else null
    private final String description;
    private final long fileOffset;         // the user's offset
    private final long delta;              // fileOffset minus the granularity-aligned offset mapped
    private final long mapLength;          // bytes mapped from the aligned offset
    private final Access access;
    private final long section;
    private final Mapping mapping;
    private final MemorySegment full;      // [aligned offset, +mapLength)
    private final MemorySegment user;      // [fileOffset, +length)
    private final AtomicInteger release;
    private volatile boolean locked;

    @SuppressWarnings("restricted")   // reinterpret: gives the mapped view its length and arena
    private WindowsRegion(WindowsProvider provider, Kind kind, long file, WinNamedHandle named, String tagname,
                          String description, long fileOffset, long delta, long mapLength, Access access,
                          long section, long address, boolean locked) {
        this.provider = provider;
        this.win32 = provider.win32;
        this.kind = kind;
        this.file = file;
        this.named = named;
        this.tagname = tagname;
        this.description = description;
        this.fileOffset = fileOffset;
        this.delta = delta;
        this.mapLength = mapLength;
        this.access = access;
        this.section = section;
        this.locked = locked;
        AtomicInteger mode = new AtomicInteger(RELEASE_ALL);
        this.release = mode;
        Win32 w = win32;
        // the Mapping unmaps on close, or once no segment of it is reachable if the map was dropped
        this.mapping = new Mapping(address, mapLength, () -> {
            int m = mode.get();
            if (m == RELEASE_NOTHING) {
                return;
            }
            boolean unmapped = w.unmapView(address);
            w.closeQuietly(section);
            if (m == RELEASE_ALL && file != 0) {
                w.closeQuietly(file);
            }
            if (!unmapped) {
                throw new IOException("UnmapViewOfFile of " + description + " failed");
            }
        }, description);
        this.full = mapping.segment();
        this.user = full.asSlice(delta, mapLength - delta);
    }

    // ------------------------------------------------------------------------------------ mapping

    /** Maps a file; the region duplicates the file handle. The tagname (or null) names the mapping object. */
    static WindowsRegion mapFile(WindowsProvider p, WinFileHandle handle, String tagname, CreatePolicy policy,
                                 long offset, long length, Access access) throws IOException {
        long dup = p.win32.duplicate(handle.handle, handle.describe());
        try {
            return map(p, Kind.FILE, dup, null, tagname, policy, handle.describe(), offset, length, access, false);
        } catch (IOException | RuntimeException | Error e) {
            p.win32.closeQuietly(dup);
            throw e;
        }
    }

    static WindowsRegion mapNamed(WindowsProvider p, WinNamedHandle handle, long length, Access access)
            throws IOException {
        // the view is the whole object: a segment longer than it would reach past the view (an access violation)
        if (length > handle.size()) {
            throw new IOException("cannot map " + length + " bytes of " + handle.describe() + ": the object has "
                    + handle.size() + " bytes");
        }
        return map(p, Kind.NAMED, 0, handle, null, null, handle.describe(), 0, length, access, false);
    }

    static WindowsRegion mapAnonymous(WindowsProvider p, long length, Access access) throws IOException {
        return map(p, Kind.ANONYMOUS, 0, null, null, null, "anonymous", 0, length, access, false);
    }

    /**
     * Makes the mapping object and the view. {@code resizing}: a file's named object that exists
     * already (held by someone else) is refused instead of checked against the policy.
     */
    private static WindowsRegion map(WindowsProvider p, Kind kind, long file, WinNamedHandle named, String tagname,
                                     CreatePolicy policy, String description, long offset, long length,
                                     Access access, boolean resizing) throws IOException {
        Win32 w = p.win32;
        long aligned = offset - offset % p.allocationGranularity();
        long delta = offset - aligned;
        long mapLength = length + delta;
        long section = section(w, kind, file, named, tagname, policy, description, offset + length, access, resizing);
        try {
            // a named object is viewed whole: its size as VirtualQuery reports it is rounded up to pages,
            // and a view longer than the object's exact size would be refused
            long viewLength = kind == Kind.NAMED ? 0 : mapLength;
            long address = w.mapView(section, w.flags.viewAccess(access), aligned, viewLength, description);
            try {
                return new WindowsRegion(p, kind, file, named, tagname, description, offset, delta, mapLength, access,
                        section, address, false);
            } catch (RuntimeException | Error e) {
                w.unmapView(address);
                throw e;
            }
        } catch (IOException | RuntimeException | Error e) {
            w.closeQuietly(section);
            throw e;
        }
    }

    /** A handle to the mapping object, owned by the region. */
    private static long section(Win32 w, Kind kind, long file, WinNamedHandle named, String tagname,
                                CreatePolicy policy, String description, long size, Access access, boolean resizing)
            throws IOException {
        return switch (kind) {
            case ANONYMOUS -> w.createMapping(Win32.INVALID_HANDLE, w.flags.pagefileSectionProtection(), size, null,
                    description).handle();
            case NAMED -> w.duplicate(named.section(), description);
            case FILE -> {
                Win32.Section s = w.createMapping(file, w.flags.fileSectionProtection(access), size, tagname,
                        description);
                IOException refused = null;
                if (tagname != null && s.existed() && resizing) {
                    refused = new IOException("cannot resize the map of " + description + ": another handle holds its"
                            + " tagname \"" + tagname + "\", so Windows keeps the mapping object's size");
                } else if (tagname != null && s.existed() && policy == CreatePolicy.CREATE_NEW) {
                    refused = Tagnames.alreadyExists(tagname);
                } else if (tagname != null && !s.existed() && policy == CreatePolicy.OPEN_EXISTING) {
                    refused = Tagnames.noSuchName(tagname, policy);
                }
                if (refused != null) {
                    w.closeQuietly(s.handle());
                    throw refused;
                }
                yield s.handle();
            }
        };
    }

    /**
     * The same view under a new Arena; the old Arena closes without releasing anything. At once or
     * not at all: while a JDK I/O call holds the memory, IllegalStateException and nothing changed.
     */
    private WindowsRegion moveTo(String operation) {
        mapping.detach(operation);
        return new WindowsRegion(provider, kind, file, named, tagname, description, fileOffset, delta,
                mapLength, access, section, full.address(), locked);
    }

    /** Windows has no names for memory (a tagname is a section object's name, which other processes open). */
    @Override
    public void setName(String name) {
        throw new UnsupportedOperationException("naming anonymous memory is a Linux feature (prctl PR_SET_VMA_ANON_NAME)"
                + " that windows lacks; a tagname names shared memory for other processes instead");
    }

    @Override
    public MemorySegment segment() {
        return user;
    }

    /** The page-aligned part of {@code full} that covers {@code [off, off+len)} of the user's window. */
    private MemorySegment pages(long off, long len) {
        return Region.pages(full, delta, provider.pageSize(), off, len);
    }

    // ------------------------------------------------------------------------------------ operations

    /** FlushViewOfFile, then FlushFileBuffers: dirty pages reach the disk, not only the file cache. */
    @Override
    public void flush(long off, long len) throws IOException {
        flush(off, len, FlushMode.SYNC);
    }

    /** SYNC: FlushViewOfFile, then FlushFileBuffers. ASYNC: FlushViewOfFile only (the writes are started). */
    @Override
    public void flush(long off, long len, FlushMode mode) throws IOException {
        if (mode == FlushMode.INVALIDATE) {
            throw new UnsupportedOperationException(WindowsProvider.INVALIDATE_REFUSED);
        }
        if (len == 0 || kind != Kind.FILE || !access.shared()) {
            return;
        }
        int error = 0;
        for (int attempt = 0; attempt < 3; attempt++) {
            // the JDK retries too: FlushViewOfFile can fail with ERROR_LOCK_VIOLATION while pages are written
            error = win32.rangeCall("FlushViewOfFile", pages(off, len));
            if (error != win32.errorLockViolation) {
                break;
            }
        }
        if (error != 0) {
            throw win32.error("FlushViewOfFile", error, description);
        }
        if (mode == FlushMode.SYNC) {
            win32.flushFileBuffers(file, description);
        }
    }

    /**
     * WILL_NEED: PrefetchVirtualMemory. DONT_NEED: the pages leave this process's working set
     * (VirtualUnlock of an unlocked range, as its documentation describes); their content is
     * kept on every kind of map, unlike POSIX's MADV_DONTNEED on private memory, and a range
     * locked with lock() is left alone; on a COPY map it gets only the whole pages inside the
     * range ({@link Region#advicePages}), as on POSIX. NORMAL, RANDOM, SEQUENTIAL: accepted, no
     * effect (Windows takes access-pattern hints per file handle at open, not per range). The
     * rest, FREE and REMOVE among them: UnsupportedOperationException (jmmap binds no Windows call
     * that discards pages; DiscardVirtualMemory and OfferVirtualMemory are not used).
     */
    @Override
    public void advise(Advice advice, long off, long len) throws IOException {
        switch (advice) {
            case NORMAL, RANDOM, SEQUENTIAL -> {
                // no per-range access-pattern hints on Windows
            }
            case WILL_NEED -> {
                if (len > 0) {
                    int error = win32.prefetch(pages(off, len));
                    if (error != 0) {
                        throw win32.error("PrefetchVirtualMemory", error, description);
                    }
                }
            }
            case DONT_NEED -> {
                // on a COPY map only the whole pages inside the range, as for POSIX's discarding MADV_DONTNEED
                MemorySegment range = len == 0 ? null
                        : Region.advicePages(advice, access, full, delta, provider.pageSize(), off, len);
                if (range != null && range.byteSize() > 0 && !locked) {
                    win32.rangeCall("VirtualUnlock", range);   // fails with ERROR_NOT_LOCKED, as expected
                }
            }
            default -> throw new UnsupportedOperationException("Advice." + advice + " is not supported on windows");
        }
    }

    /** Not known without QueryWorkingSetEx, which jmmap does not bind: false, the conservative answer. */
    @Override
    public boolean isLoaded(long off, long len) {
        return len == 0;
    }

    @Override
    public void lock(long off, long len) throws IOException {
        if (len > 0) {
            int error = win32.rangeCall("VirtualLock", pages(off, len));
            if (error != 0) {
                throw win32.error("VirtualLock", error, description);
            }
            locked = true;
        }
    }

    /**
     * VirtualUnlock of pages that are not locked fails with ERROR_NOT_LOCKED (and drops them from
     * the working set); munlock succeeds. Without a lock() on this region there is nothing to undo.
     */
    @Override
    public void unlock(long off, long len) throws IOException {
        if (len > 0 && locked) {
            int error = win32.rangeCall("VirtualUnlock", pages(off, len));
            if (error != 0) {
                throw win32.error("VirtualUnlock", error, description);
            }
            locked = false;
        }
    }

    @Override
    public Region protect(Access newAccess) throws IOException {
        int protection = win32.flags.viewProtection(newAccess == Access.READ ? Access.READ : access);
        // old views die first: none may write while (or after) the pages become read-only
        WindowsRegion moved = moveTo("protect");
        int error = win32.protect(moved.full, protection);
        if (error != 0) {
            throw new ResizeFailed(moved, win32.error("VirtualProtect", error, description));
        }
        return moved;
    }

    // ------------------------------------------------------------------------------------ resize

    @Override
    public Region resize(long newLength) throws IOException {
        long oldLength = mapLength - delta;
        return switch (kind) {
            case ANONYMOUS -> resizeAnonymous(newLength, oldLength);
            case FILE -> resizeFile(newLength, oldLength);
            case NAMED -> resizeNamed(newLength, oldLength);
        };
    }

    /**
     * A new object and view, the bytes copied over, the old ones released. The old views die before
     * the copy, so no write to the old memory can be lost.
     */
    private Region resizeAnonymous(long newLength, long oldLength) throws IOException {
        WindowsRegion bigger;
        try {
            bigger = mapAnonymous(provider, newLength, access);
        } catch (IOException | RuntimeException e) {
            throw new ResizeFailed(this, e);        // nothing changed yet
        }
        WindowsRegion old;
        try {
            old = moveTo("resize");                 // in use: nothing changed
        } catch (RuntimeException inUse) {
            bigger.close();
            throw inUse;
        }
        MemorySegment.copy(old.user, 0, bigger.user, 0, Math.min(oldLength, newLength));
        try {
            old.close();
        } catch (RuntimeException unmapFailed) {
            throw new ResizeFailed(bigger, new IOException("resized, but the old memory could not be released: "
                    + unmapFailed.getMessage(), unmapFailed));
        }
        return bigger;
    }

    /**
     * Unmap, set the file's size to offset + newLength, map again. If that fails (for instance
     * ERROR_USER_MAPPED_FILE: another map of the file prevents shrinking it), the file gets its
     * size back and the old view is mapped again (ResizeFailed).
     */
    private Region resizeFile(long newLength, long oldLength) throws IOException {
        long sizeBefore;
        try {
            sizeBefore = win32.fileSize(file, description);
        } catch (IOException e) {
            throw new ResizeFailed(this, e);        // nothing changed yet
        }
        IOException unmapFailed = null;
        release.set(RELEASE_VIEW_AND_SECTION);      // the file duplicate passes to the next region
        try {
            mapping.close("resize");                // in use: nothing changed
        } catch (IllegalStateException stillInUse) {
            release.set(RELEASE_ALL);               // no next region: this one still owns the duplicate
            throw stillInUse;
        } catch (java.io.UncheckedIOException e) {
            unmapFailed = e.getCause();             // the old views are gone all the same: go on, report it
        }
        boolean sizeChanged = false;
        WindowsRegion resized;
        try {
            win32.setFileSize(file, fileOffset + newLength, description);
            sizeChanged = true;
            resized = map(provider, Kind.FILE, file, null, tagname, null, description, fileOffset, newLength, access,
                    true);
        } catch (IOException | RuntimeException e) {
            WindowsRegion restored;
            try {
                if (sizeChanged) {
                    win32.setFileSize(file, sizeBefore, description);
                }
                restored = map(provider, Kind.FILE, file, null, tagname, CreatePolicy.OPEN_OR_CREATE, description,
                        fileOffset, oldLength, access, false);
            } catch (IOException | RuntimeException again) {
                e.addSuppressed(again);
                win32.closeQuietly(file);           // no region owns it any more
                throw e;
            }
            throw new ResizeFailed(restored, e);
        }
        if (unmapFailed != null) {
            throw new ResizeFailed(resized, unmapFailed);
        }
        return resized;
    }

    /**
     * A named pagefile object cannot change its size: copy the bytes out, drop the view and the
     * handles, create the object anew under the same name, copy the bytes in. If another handle
     * (in this or another process) still holds the name, the object lives on unchanged: the map
     * goes back to it at the old length (ResizeFailed). Between drop and create the name is free
     * for a moment; a process that creates it then wins, and this resize fails the same way.
     */
    private Region resizeNamed(long newLength, long oldLength) throws IOException {
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment saved = scratch.allocate(oldLength);
            MemorySegment.copy(user, 0, saved, 0, oldLength);
            close();
            boolean fresh;
            try {
                fresh = named.recreate(newLength);
            } catch (IOException | RuntimeException e) {
                WindowsRegion restored;
                try {
                    boolean again = named.recreate(oldLength);
                    restored = mapNamed(provider, named, oldLength, access);
                    if (again) {
                        MemorySegment.copy(saved, 0, restored.user, 0, oldLength);
                    }
                } catch (IOException | RuntimeException failed) {
                    e.addSuppressed(failed);
                    throw e;
                }
                throw new ResizeFailed(restored, e);
            }
            if (!fresh) {
                WindowsRegion restored = mapNamed(provider, named, oldLength, access);
                throw new ResizeFailed(restored, new IOException("cannot resize " + description + " to " + newLength
                        + " bytes: another handle holds the name, so Windows keeps the object at its size ("
                        + named.size() + " bytes)"));
            }
            WindowsRegion resized = mapNamed(provider, named, newLength, access);
            MemorySegment.copy(saved, 0, resized.user, 0, Math.min(oldLength, newLength));
            return resized;
        }
    }

    @Override
    public void close() {
        mapping.close("close");
    }
}
