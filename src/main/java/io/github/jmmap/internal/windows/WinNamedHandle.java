package io.github.jmmap.internal.windows;

import io.github.jmmap.Access;
import io.github.jmmap.CreatePolicy;
import io.github.jmmap.internal.Handle;
import io.github.jmmap.internal.Tagnames;

import java.io.IOException;

/**
 * A named pagefile-backed mapping object ({@code CreateFileMappingW(INVALID_HANDLE_VALUE, ..., name)}),
 * or an existing object found by its name (which may also be a file's, made by a file map with a
 * tagname). Windows fixes such an object's size when it is created, drops its name with its last
 * handle and its memory with its last handle or view. So an object that does not exist yet is
 * created lazily, by the first {@link #setSize} (when the length is known); an existing one cannot
 * grow, and only its sole holder can resize it (by dropping it and creating it anew, {@link #drop}
 * and {@link #createFresh}). Its size is the exact one (see {@link WinSections}).
 */
final class WinNamedHandle implements Handle {
    private final Win32 win32;
    final String tagname;
    private final CreatePolicy policy;
    private final Access access;
    private final String description;
    private long section;      // 0 until created
    private long size;
    private boolean fileBacked;
    private boolean closed;

    private WinNamedHandle(Win32 win32, String tagname, CreatePolicy policy, Access access, long section, long size) {
        this.win32 = win32;
        this.tagname = tagname;
        this.policy = policy;
        this.access = access;
        this.description = "tagname \"" + tagname + "\"";
        this.section = section;
        this.size = size;
    }

    /** Opens an existing object, or prepares to create one, as the policy says. */
    static WinNamedHandle open(Win32 win32, String tagname, CreatePolicy policy, Access access) throws IOException {
        String what = "tagname \"" + tagname + "\"";
        long h = win32.openMapping(win32.flags.openAccess(access), tagname, what);
        if (h == 0) {
            if (policy == CreatePolicy.OPEN_EXISTING) {
                throw Tagnames.noSuchName(tagname, policy);
            }
            return new WinNamedHandle(win32, tagname, policy, access, 0, 0);
        }
        if (policy == CreatePolicy.CREATE_NEW) {
            win32.closeQuietly(h);
            throw Tagnames.alreadyExists(tagname);
        }
        try {
            WinNamedHandle n = new WinNamedHandle(win32, tagname, policy, access, h, 0);
            n.measure();
            return n;
        } catch (IOException | RuntimeException e) {
            win32.closeQuietly(h);
            throw e;
        }
    }

    /** The size of the existing object this handle holds, and whether a file backs it. */
    private void measure() throws IOException {
        Win32.Measured m = win32.measure(section, description);
        size = m.size();
        fileBacked = m.fileBacked();
    }

    /**
     * Whether a file backs the object (a file map's tagname opened as named memory): its views
     * are flushed, and it is never recreated in the pagefile.
     */
    synchronized boolean fileBacked() {
        return fileBacked;
    }

    /** Whether this handle holds the object itself (it is created and not closed). */
    synchronized boolean holdsObject() {
        return section != 0;
    }

    /** The mapping object, for the region to duplicate; 0 if not created. */
    synchronized long section() {
        return section;
    }

    @Override
    public synchronized long size() {
        return size;
    }

    /**
     * Creates the object with this size if it does not exist yet; an existing object keeps its
     * size (Windows cannot grow or shrink one that others hold): growing it is refused.
     */
    @Override
    public synchronized void setSize(long newSize) throws IOException {
        if (section == 0) {
            if (newSize > 0) {
                create(newSize);
            }
            return;
        }
        if (newSize > size) {
            throw new IOException("cannot grow " + description + " from " + size + " to " + newSize + " bytes: a"
                    + " Windows named map keeps the size it was created with while any handle holds it");
        }
    }

    private void create(long newSize) throws IOException {
        Win32.Section s = win32.createMapping(Win32.INVALID_HANDLE, win32.flags.pagefileSectionProtection(), newSize,
                tagname, description);
        if (!s.existed()) {
            section = s.handle();
            size = newSize;
            return;
        }
        // created by someone else since open()
        if (policy == CreatePolicy.CREATE_NEW) {
            win32.closeQuietly(s.handle());
            throw Tagnames.alreadyExists(tagname);
        }
        section = s.handle();
        try {
            measure();
        } catch (IOException | RuntimeException e) {
            section = 0;
            win32.closeQuietly(s.handle());
            throw e;
        }
        setSize(newSize);
    }

    /**
     * Closes this handle's own handle to the object, keeping the size: the first step of a resize
     * by the sole holder, whose views keep the memory (not the name) alive.
     */
    synchronized void drop() {
        if (section != 0) {
            long old = section;
            section = 0;
            win32.closeQuietly(old);
        }
    }

    /**
     * Creates the object anew with {@code newSize}, after {@link #drop}. Returns false, holding
     * nothing, if the name is taken (by an object this handle cannot tell from a foreign one).
     */
    synchronized boolean createFresh(long newSize) throws IOException {
        if (section != 0 || closed) {
            throw new IllegalStateException(description + " still holds its object, or is closed");
        }
        Win32.Section s = win32.createMapping(Win32.INVALID_HANDLE, win32.flags.pagefileSectionProtection(), newSize,
                tagname, description);
        if (s.existed()) {
            win32.closeQuietly(s.handle());
            return false;
        }
        section = s.handle();
        size = newSize;
        return true;
    }

    Access access() {
        return access;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            if (section != 0) {
                long h = section;
                section = 0;
                win32.closeHandle(h);
            }
        }
    }
}
