package io.github.jmmap.internal.windows;

import io.github.jmmap.Access;
import io.github.jmmap.CreatePolicy;
import io.github.jmmap.internal.Handle;
import io.github.jmmap.internal.Tagnames;

import java.io.IOException;

/**
 * A named pagefile-backed mapping object ({@code CreateFileMappingW(INVALID_HANDLE_VALUE, ..., name)}).
 * Windows fixes such an object's size when it is created and drops the object, name and memory
 * with its last handle (or view). So an object that does not exist yet is created lazily, by the
 * first {@link #setSize} (when the length is known); an existing one cannot grow, and only its
 * sole holder can resize it ({@link #recreate}).
 */
final class WinNamedHandle implements Handle {
    private final Win32 win32;
    final String tagname;
    private final CreatePolicy policy;
    private final Access access;
    private final String description;
    private long section;      // 0 until created
    private long size;
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
            return new WinNamedHandle(win32, tagname, policy, access, h, sizeOf(win32, h, what));
        } catch (IOException | RuntimeException e) {
            win32.closeQuietly(h);
            throw e;
        }
    }

    /** The size of an existing object: VirtualQuery over a read view of all of it. */
    private static long sizeOf(Win32 win32, long section, String what) throws IOException {
        long view = win32.mapView(section, win32.flags.fileMapRead(), 0, 0, what);
        try {
            return win32.regionSize(view, what);
        } finally {
            win32.unmapView(view);
        }
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
        size = sizeOf(win32, section, description);
        setSize(newSize);
    }

    /**
     * Drops this handle's object and creates it anew with {@code newSize}: the way to resize, for
     * the caller that has unmapped its own views and closed its own duplicates. Returns false if
     * another handle still holds the name: then this handle holds that (unchanged) object again.
     */
    synchronized boolean recreate(long newSize) throws IOException {
        if (section != 0) {
            long old = section;
            section = 0;
            win32.closeHandle(old);
        }
        Win32.Section s = win32.createMapping(Win32.INVALID_HANDLE, win32.flags.pagefileSectionProtection(), newSize,
                tagname, description);
        section = s.handle();
        if (s.existed()) {
            size = sizeOf(win32, section, description);
            return false;
        }
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
