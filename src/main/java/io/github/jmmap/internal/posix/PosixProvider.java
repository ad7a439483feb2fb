package io.github.jmmap.internal.posix;

import io.github.jmmap.Access;
import io.github.jmmap.Backend;
import io.github.jmmap.CreatePolicy;
import io.github.jmmap.MapOptions;
import io.github.jmmap.internal.Handle;
import io.github.jmmap.internal.Provider;
import io.github.jmmap.internal.Region;
import io.github.jmmap.internal.Tagnames;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The NATIVE backend on POSIX systems: mmap, msync, madvise, mremap, mprotect, mlock, mincore and
 * shm_open through the FFM API. Everything OS-specific comes in through {@link PosixSymbols}.
 */
public final class PosixProvider implements Provider {
    /** Mode for open(2) without O_CREAT: ignored by the OS. */
    private static final int NO_MODE = 0;

    final Posix posix;
    private final long pageSize;
    private final int maxTagname;

    public PosixProvider(PosixSymbols symbols, int maxTagname) throws IOException {
        this.posix = new Posix(symbols);
        this.pageSize = posix.pageSize();
        this.maxTagname = maxTagname;
    }

    @Override
    public Backend backend() {
        return Backend.NATIVE;
    }

    @Override
    public String osName() {
        return posix.sym.os;
    }

    @Override
    public long pageSize() {
        return pageSize;
    }

    @Override
    public long allocationGranularity() {
        return pageSize;
    }

    @Override
    public Handle openFile(Path path, Access access) throws IOException {
        Tagnames.requireRegularFile(path);
        // COPY maps MAP_PRIVATE and needs only read access to the file
        int mode = access.shared() ? posix.c("O_RDWR") : posix.c("O_RDONLY");
        int fd = posix.open(path.toString(), mode | posix.c("O_CLOEXEC"), NO_MODE);
        return new FdHandle(posix, fd, true, path.toString());
    }

    @Override
    public Handle openDescriptor(int fd, Access access, boolean duplicate) throws IOException {
        String what = "fd " + fd;
        // EBADF, ESPIPE: not something to map; a shm object sized once (xnu) keeps that size
        boolean sizedOnce = posix.checkMappable(fd, what) && posix.sym.shm.sizedOnce();
        requireRegularFile(fd, what);
        return duplicate ? new FdHandle(posix, posix.dup(fd), true, what, sizedOnce)
                : new FdHandle(posix, fd, false, what, sizedOnce);
    }

    /**
     * Refuses a descriptor of a directory, device, FIFO or socket, as the path form refuses such
     * paths (a directory's lseek may even report LLONG_MAX as its size). The type comes from a
     * stat of the OS's path for the descriptor (Linux's /proc/self/fd/N, macOS's /dev/fd/N, which
     * stat the open file itself), not from fstat: struct stat's layout differs between
     * architectures. Where the OS has no such path, or it cannot be read (macOS, for a POSIX shm
     * object), lseek's check stands alone.
     */
    private void requireRegularFile(int fd, String what) throws IOException {
        String dir = posix.sym.descriptorDirectory;
        if (dir == null) {
            return;
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(Path.of(dir, Integer.toString(fd)), BasicFileAttributes.class);
        } catch (IOException cannotTell) {
            return;
        }
        if (!attributes.isRegularFile()) {
            throw new IOException("cannot map " + what + ": not a regular file"
                    + (attributes.isDirectory() ? " (a directory)" : ""));
        }
    }

    @Override
    public void checkTagname(String tagname) {
        Tagnames.checkPosix(tagname, maxTagname, posix.sym.os);
    }

    @Override
    public Handle openNamed(String tagname, CreatePolicy policy, Access access) throws IOException {
        ShmTraits shm = posix.sym.shm;
        if (access == Access.COPY && !shm.copyMaps()) {
            throw new UnsupportedOperationException(copyRefused(posix.sym.os));
        }
        int flags = access == Access.READ ? posix.c("O_RDONLY") : posix.c("O_RDWR");
        if (shm.cloexecFlag()) {
            flags |= posix.c("O_CLOEXEC");        // else the OS makes shm descriptors close-on-exec itself
        }
        flags |= switch (policy) {
            case CREATE_NEW -> posix.c("O_CREAT") | posix.c("O_EXCL");
            case OPEN_OR_CREATE -> posix.c("O_CREAT");
            case OPEN_EXISTING -> 0;
        };
        try {
            int fd = posix.shmOpen(tagname, flags, posix.c("S_IRUSR") | posix.c("S_IWUSR"));   // 0600
            return new FdHandle(posix, fd, true, "tagname \"" + tagname + "\"", shm.sizedOnce());
        } catch (NoSuchFileException e) {
            throw Tagnames.noSuchName(tagname, policy);
        } catch (FileAlreadyExistsException e) {
            throw Tagnames.alreadyExists(tagname);
        }
    }

    /** Why Access.COPY of a named map is refused where shm objects map MAP_SHARED only. */
    static String copyRefused(String os) {
        return "Access.COPY is not supported for a named map on " + os
                + ": its shm objects can only be mapped shared (MAP_SHARED); map it WRITE or READ";
    }

    @Override
    public boolean unlinkNamed(String tagname) throws IOException {
        checkTagname(tagname);
        return posix.shmUnlink(tagname);
    }

    private int prot(Access access) {
        return access == Access.READ ? posix.c("PROT_READ") : posix.c("PROT_READ") | posix.c("PROT_WRITE");
    }

    @Override
    public Region map(Handle handle, long offset, long length, Access access, MapOptions options) throws IOException {
        int flags = access == Access.COPY ? posix.c("MAP_PRIVATE") : posix.c("MAP_SHARED");
        if (options.populate()) {
            flags |= posix.sym.flagOrZero("MAP_POPULATE");
        }
        PosixRegion r = PosixRegion.map(this, (FdHandle) handle, offset, length, access, prot(access), flags);
        hints(r, options);
        return r;
    }

    @Override
    public Region mapAnonymous(long length, Access access, MapOptions options) throws IOException {
        int flags = (access == Access.COPY ? posix.c("MAP_PRIVATE") : posix.c("MAP_SHARED")) | posix.c("MAP_ANONYMOUS");
        if (options.populate()) {
            flags |= posix.sym.flagOrZero("MAP_POPULATE");
        }
        int huge = posix.sym.flagOrZero("MAP_HUGETLB");
        if (options.hugePages() && huge != 0) {
            try {
                return PosixRegion.map(this, null, 0, length, access, prot(access), flags | huge);
            } catch (IOException noHugePagesReserved) {
                // fall back to normal pages with the transparent-huge-page hint below
            }
        }
        PosixRegion r = PosixRegion.map(this, null, 0, length, access, prot(access), flags);
        hints(r, options);
        return r;
    }

    /** Best-effort hints the OS may refuse: huge pages (THP) and prefaulting where MAP_POPULATE is missing. */
    private void hints(PosixRegion r, MapOptions options) {
        long length = r.segment().byteSize();
        if (options.hugePages() && posix.sym.advice.containsKey(io.github.jmmap.Advice.HUGEPAGE)) {
            try {
                r.advise(io.github.jmmap.Advice.HUGEPAGE, 0, length);
            } catch (IOException | UnsupportedOperationException ignored) {
                // a hint
            }
        }
        if (options.populate() && posix.sym.flagOrZero("MAP_POPULATE") == 0) {
            try {
                r.advise(io.github.jmmap.Advice.WILL_NEED, 0, length);
            } catch (IOException | UnsupportedOperationException ignored) {
                // a hint
            }
        }
    }
}
