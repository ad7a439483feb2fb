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
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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
 * object's handle, which keeps the name alive as long as the map (0 after a resize that lost the
 * name: the view alone keeps the memory).
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
    /** Bytes by which lock() raised the process's working set, given back on unlock and release. */
    private final AtomicLong raised = new AtomicLong();

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
            if (section != 0) {
                w.closeQuietly(section);
            }
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
        // the size is the object's exact size (or its committed part): no more may be viewed
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
        Win32.Section s = section(w, kind, file, named, tagname, policy, description, offset + length, access,
                resizing);
        long section = s.handle();
        try {
            // the asked length only, also of a named object: a whole view of a big one would cost its
            // address space, and with COPY its commit charge
            long address = w.mapView(section, w.flags.viewAccess(access), aligned, mapLength, description);
            try {
                if (kind == Kind.FILE && s.existed()) {
                    // an object found by the tagname must be this file's, or the map would show other memory
                    String ours = w.finalPath(file, description);
                    String mapped = w.mappedFileName(address);
                    if (mapped != null && !WinSections.sameFile(mapped, ours)) {
                        mapped = w.normalizedName(mapped);  // perhaps the same file, opened by a short name
                    }
                    String refusal = WinSections.otherBacking(tagname, mapped, ours, description);
                    if (refusal != null) {
                        throw new IOException(refusal);
                    }
                }
                return new WindowsRegion(p, kind, file, named, tagname, description, offset, delta, mapLength, access,
                        section, address, false);
            } catch (IOException | RuntimeException | Error e) {
                w.unmapView(address);
                throw e;
            }
        } catch (IOException | RuntimeException | Error e) {
            w.closeQuietly(section);
            throw e;
        }
    }

    /**
     * A handle to the mapping object, owned by the region, and whether it existed. A file's
     * tagname: OPEN_EXISTING opens the object (OpenFileMappingW, which needs no right to create
     * under Global\\), the others create it or find it; an object found must hold offset + length.
     */
    private static Win32.Section section(Win32 w, Kind kind, long file, WinNamedHandle named, String tagname,
                                         CreatePolicy policy, String description, long size, Access access,
                                         boolean resizing) throws IOException {
        return switch (kind) {
            case ANONYMOUS -> new Win32.Section(w.createMapping(Win32.INVALID_HANDLE,
                    w.flags.pagefileSectionProtection(), size, null, description).handle(), false);
            case NAMED -> new Win32.Section(w.duplicate(named.section(), description), true);
            case FILE -> {
                Win32.Section s;
                if (tagname != null && policy == CreatePolicy.OPEN_EXISTING) {
                    long h = w.openMapping(w.flags.openAccess(access), tagname, description);
                    if (h == 0) {
                        throw Tagnames.noSuchName(tagname, policy);
                    }
                    s = new Win32.Section(h, true);
                } else {
                    s = w.createMapping(file, w.flags.fileSectionProtection(access), size, tagname, description);
                }
                try {
                    if (tagname != null && s.existed() && resizing) {
                        throw held(description, tagname);
                    }
                    if (tagname != null && s.existed() && policy == CreatePolicy.CREATE_NEW) {
                        throw Tagnames.alreadyExists(tagname);
                    }
                    if (tagname != null && s.existed()) {
                        String refusal = WinSections.tooSmall(tagname, w.measure(s.handle(), description).size(), size,
                                description);
                        if (refusal != null) {
                            throw new IOException(refusal);
                        }
                    }
                } catch (IOException | RuntimeException | Error e) {
                    w.closeQuietly(s.handle());
                    throw e;
                }
                yield s;
            }
        };
    }

    private static IOException held(String description, String tagname) {
        return new IOException("cannot resize the map of " + description + ": another handle holds its tagname \""
                + tagname + "\", so Windows keeps the mapping object's size");
    }

    /**
     * The same view under a new Arena; the old Arena closes without releasing anything. At once or
     * not at all: while a JDK I/O call holds the memory, IllegalStateException and nothing changed.
     */
    private WindowsRegion moveTo(String operation) {
        mapping.detach(operation);
        WindowsRegion moved = new WindowsRegion(provider, kind, file, named, tagname, description, fileOffset, delta,
                mapLength, access, section, full.address(), locked);
        moved.raised.set(raised.getAndSet(0));
        return moved;
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

    /**
     * FlushViewOfFile, then FlushFileBuffers: dirty pages reach the disk, not only the file cache.
     * A named map of a file's object (opened by the tagname of a file map) has no file handle:
     * FlushViewOfFile starts the writes, and that is all Windows offers without one.
     */
    @Override
    public void flush(long off, long len) throws IOException {
        flush(off, len, FlushMode.SYNC);
    }

    /**
     * SYNC: FlushViewOfFile, then FlushFileBuffers. ASYNC: FlushViewOfFile only (the writes are
     * started). A named map of a file's object has no file handle: FlushViewOfFile only, either way.
     */
    @Override
    public void flush(long off, long len, FlushMode mode) throws IOException {
        if (mode == FlushMode.INVALIDATE) {
            throw new UnsupportedOperationException(WindowsProvider.INVALIDATE_REFUSED);
        }
        boolean fileBacked = kind == Kind.FILE || kind == Kind.NAMED && named.fileBacked();
        if (len == 0 || !fileBacked || !access.shared()) {
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
        if (mode == FlushMode.SYNC && kind == Kind.FILE) {
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

    /**
     * VirtualLock. It can lock no more than the process's minimum working set holds (by default
     * about 200 KiB): when it says so (ERROR_WORKING_SET_QUOTA), the minimum and maximum are raised
     * by the bytes to lock (SetProcessWorkingSetSizeEx) and it is tried once more; failing again,
     * they are set back and the refusal names the limit. Unlock and release give the bytes back.
     */
    @Override
    public void lock(long off, long len) throws IOException {
        if (len > 0) {
            MemorySegment range = pages(off, len);
            int error = win32.rangeCall("VirtualLock", range);
            if (error == win32.errorWorkingSetQuota) {
                synchronized (provider.workingSetLock) {
                    long[] before = win32.workingSet();
                    long[] wanted = WinLocks.raised(before[0], before[1], range.byteSize());
                    int set = win32.setWorkingSet(wanted[0], wanted[1]);
                    if (set != 0) {
                        throw new IOException(WinLocks.refused(description, range.byteSize(), wanted[0], wanted[1])
                                + ": " + win32.error("SetProcessWorkingSetSizeEx", set, null).getMessage());
                    }
                    error = win32.rangeCall("VirtualLock", range);
                    if (error != 0) {
                        win32.setWorkingSet(before[0], before[1]);
                        throw new IOException(WinLocks.refused(description, range.byteSize(), wanted[0], wanted[1])
                                + ": " + win32.error("VirtualLock", error, null).getMessage());
                    }
                    raised.addAndGet(range.byteSize());
                }
            }
            if (error != 0) {
                throw win32.error("VirtualLock", error, description);
            }
            locked = true;
        }
    }

    /** Gives back what lock() added to the working set (the view's locks are gone or undone). */
    private void giveBackWorkingSet() {
        long bytes = raised.getAndSet(0);
        if (bytes == 0) {
            return;
        }
        synchronized (provider.workingSetLock) {
            try {
                long[] now = win32.workingSet();
                long[] lowered = WinLocks.lowered(now[0], now[1], bytes, provider.pageSize());
                win32.setWorkingSet(lowered[0], lowered[1]);
            } catch (IOException | RuntimeException ignored) {
                // the sizes stay raised: more memory may stay resident, nothing breaks
            }
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
            giveBackWorkingSet();
        }
    }

    @Override
    public Region protect(Access newAccess) throws IOException {
        int protection = win32.flags.viewProtection(newAccess == Access.READ ? Access.READ : access);
        // old views die first: none may write while (or after) the pages become read-only; if the
        // JDK holds them, this fails at once and the region stays as it was
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
     * Unmap, set the file's size to offset + newLength, map again. Refused first, with nothing
     * changed, when another handle holds the mapping object (its tagname): Windows would keep its
     * size. If a step fails (for instance ERROR_USER_MAPPED_FILE: another map of the file prevents
     * shrinking it), the file gets its size back and the old view is always mapped again
     * (ResizeFailed); the message says so if the file could not get its size back.
     */
    private Region resizeFile(long newLength, long oldLength) throws IOException {
        long sizeBefore;
        try {
            sizeBefore = win32.fileSize(file, description);
        } catch (IOException e) {
            throw new ResizeFailed(this, e);        // nothing changed yet
        }
        if (tagname != null && WinSections.heldElsewhere(win32.handleCount(section), 1)) {
            throw new ResizeFailed(this, held(description, tagname));
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
        giveBackWorkingSet();
        Exception failure = null;
        if (tagname != null) {
            // CPython's check, for when the count above was unknown: the name outlives our handle
            try {
                long other = win32.openMapping(win32.flags.fileMapRead(), tagname, description);
                if (other != 0) {
                    win32.closeQuietly(other);
                    failure = held(description, tagname);
                }
            } catch (IOException e) {
                failure = e;
            }
        }
        boolean sizeChanged = false;
        if (failure == null) {
            try {
                win32.setFileSize(file, fileOffset + newLength, description);
                sizeChanged = true;
                WindowsRegion resized = map(provider, Kind.FILE, file, null, tagname, null, description, fileOffset,
                        newLength, access, true);
                if (unmapFailed != null) {
                    throw new ResizeFailed(resized, unmapFailed);
                }
                return resized;
            } catch (ResizeFailed resizedAnyway) {
                throw resizedAnyway;
            } catch (IOException | RuntimeException e) {
                failure = e;
            }
        }
        boolean sizeRestored = !sizeChanged;
        if (sizeChanged) {
            try {
                win32.setFileSize(file, sizeBefore, description);
                sizeRestored = true;
            } catch (IOException | RuntimeException again) {
                failure.addSuppressed(again);
            }
        }
        WindowsRegion restored;
        try {
            restored = map(provider, Kind.FILE, file, null, tagname, CreatePolicy.OPEN_OR_CREATE, description,
                    fileOffset, oldLength, access, false);
        } catch (IOException | RuntimeException again) {
            failure.addSuppressed(again);
            win32.closeQuietly(file);               // no region owns it any more
            throw asThrown(failure);
        }
        if (unmapFailed != null) {
            failure.addSuppressed(unmapFailed);
        }
        if (!sizeRestored) {
            long now = -1;
            try {
                now = win32.fileSize(file, description);
            } catch (IOException ignored) {
                // reported as unknown
            }
            failure = new IOException(failure.getMessage() + "; the file could not get its size back: it is "
                    + (now < 0 ? "of unknown size" : now + " bytes") + ", was " + sizeBefore, failure);
        }
        throw new ResizeFailed(restored, failure);
    }

    /** A caught IOException or RuntimeException, to throw again. */
    private static IOException asThrown(Exception e) {
        if (e instanceof RuntimeException r) {
            throw r;
        }
        return (IOException) e;
    }

    /**
     * A named pagefile object cannot change its size: it is created anew under the same name and
     * the bytes copied over, which only its sole holder may do. Refused with nothing changed when
     * another handle holds it (NtQueryObject's HandleCount) or a file backs it (a file map's
     * tagname: recreated in the pagefile, later writes would stop reaching the file). The old view
     * stays mapped until the new one holds the bytes (a view keeps the memory alive, not the name);
     * on any failure the object is created again at the old length from that view, and if the name
     * was taken by another object meanwhile the map keeps its old view and bytes without the name.
     * Never is a foreign object shown instead.
     */
    @SuppressWarnings("restricted")   // reinterpret: the old view's bytes, read after its segments died
    private Region resizeNamed(long newLength, long oldLength) throws IOException {
        if (named.fileBacked()) {
            throw new ResizeFailed(this, new IOException("cannot resize " + description + ": a file backs this mapping"
                    + " object (the tagname of a file map); recreated in the pagefile, later writes would stop reaching"
                    + " the file. Resize the map of the file instead"));
        }
        if (section == 0) {
            throw new ResizeFailed(this, new IOException("cannot resize " + description + ": the map lost the name"
                    + " in an earlier resize and cannot create the object anew"));
        }
        int own = named.holdsObject() ? 2 : 1;      // this region's duplicate and the handle's own
        if (WinSections.heldElsewhere(win32.handleCount(section), own)) {
            throw new ResizeFailed(this, new IOException("cannot resize " + description + " to " + newLength
                    + " bytes: another handle holds the name, so Windows keeps the object at its size ("
                    + named.size() + " bytes)"));
        }
        mapping.detach("resize");                   // old segments die, the view stays; in use: nothing changed
        giveBackWorkingSet();
        long view = full.address();
        MemorySegment old = MemorySegment.ofAddress(view).reinterpret(mapLength).asSlice(delta, oldLength);
        win32.closeQuietly(section);
        named.drop();
        Exception failure;
        try {
            WindowsRegion resized = recreated(newLength, old);
            if (resized != null) {
                win32.unmapView(view);
                return resized;
            }
            failure = new IOException("cannot resize " + description + " to " + newLength + " bytes: the name was"
                    + " taken by another object while the resize recreated it");
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
        WindowsRegion restored = null;
        try {
            restored = recreated(oldLength, old);
        } catch (IOException | RuntimeException again) {
            failure.addSuppressed(again);
        }
        if (restored != null) {
            win32.unmapView(view);
            throw new ResizeFailed(restored, failure);
        }
        // no name to be had: the old view alone, which releases only itself
        WindowsRegion kept = new WindowsRegion(provider, Kind.NAMED, 0, named, null, description, fileOffset, delta,
                mapLength, access, 0, view, false);
        throw new ResizeFailed(kept, new IOException(failure.getMessage() + "; the map keeps its " + oldLength
                + " bytes, but no longer holds " + description, failure));
    }

    /** The named object created anew with {@code length} and mapped, {@code bytes} copied in; null if the name is taken. */
    private WindowsRegion recreated(long length, MemorySegment bytes) throws IOException {
        if (!named.createFresh(length)) {
            return null;
        }
        try {
            WindowsRegion r = mapNamed(provider, named, length, access);
            MemorySegment.copy(bytes, 0, r.user, 0, Math.min(bytes.byteSize(), length));
            return r;
        } catch (IOException | RuntimeException e) {
            named.drop();
            throw e;
        }
    }

    @Override
    public void close() {
        mapping.close("close");
        giveBackWorkingSet();
    }
}
