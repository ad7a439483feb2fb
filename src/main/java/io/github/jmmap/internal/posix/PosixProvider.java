package io.github.jmmap.internal.posix;

import io.github.jmmap.Access;
import io.github.jmmap.Backend;
import io.github.jmmap.CreatePolicy;
import io.github.jmmap.FlushMode;
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
    private final Path shmDirectory;      // where shm_open keeps names as files (Linux: /dev/shm), or null

    public PosixProvider(PosixSymbols symbols, int maxTagname) throws IOException {
        this(symbols, maxTagname, null);
    }

    /**
     * A provider whose shm_open objects are files in {@code shmDirectory} (Linux: /dev/shm), so
     * what is found under a name is checked there before it is opened and the directory's free
     * space is the room left for named maps; null where shm objects are not files (macOS).
     *
     * <pre>{@code
     * new PosixProvider(table.build(), NAME_MAX(), Path.of("/dev/shm"))
     * }</pre>
     */
    public PosixProvider(PosixSymbols symbols, int maxTagname, Path shmDirectory) throws IOException {
        this.posix = new Posix(symbols);
        this.pageSize = posix.pageSize();
        this.maxTagname = maxTagname;
        this.shmDirectory = shmDirectory;
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

    /** INVALIDATE needs MS_INVALIDATE in the table (Linux and macOS have it). */
    @Override
    public void checkFlushMode(FlushMode mode) {
        if (mode == FlushMode.INVALIDATE && posix.sym.constantOrNull("MS_INVALIDATE") == null) {
            throw new UnsupportedOperationException("FlushMode.INVALIDATE is not supported on " + posix.sym.os
                    + " (no MS_INVALIDATE)");
        }
    }

    @Override
    public Handle openFile(Path path, Access access) throws IOException {
        Tagnames.requireRegularFile(path);       // before the open: a device is never opened
        // COPY maps MAP_PRIVATE and needs only read access to the file. O_NONBLOCK: a FIFO renamed
        // over the path after the check must not block the open (waiting for a writer); it is then
        // opened at once and refused by lseek (ESPIPE). On a regular file the flag changes nothing.
        int mode = access.shared() ? posix.c("O_RDWR") : posix.c("O_RDONLY");
        int fd = posix.open(path.toString(), mode | posix.c("O_CLOEXEC") | posix.sym.flagOrZero("O_NONBLOCK"), NO_MODE);
        return new FdHandle(posix, fd, true, path.toString(), false, path, false);
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
        if (shmDirectory != null) {               // names are files there: never through a link, never block on a FIFO
            flags |= posix.sym.flagOrZero("O_NOFOLLOW") | posix.sym.flagOrZero("O_NONBLOCK");
        }
        if (shm.cloexecFlag()) {
            flags |= posix.c("O_CLOEXEC");        // else the OS makes shm descriptors close-on-exec itself
        }
        int create = posix.c("O_CREAT") | posix.c("O_EXCL");
        switch (policy) {
            case CREATE_NEW -> {
                try {
                    return named(tagname, flags | create, true);
                } catch (FileAlreadyExistsException e) {
                    throw Tagnames.alreadyExists(tagname);
                }
            }
            case OPEN_OR_CREATE -> {
                while (true) {           // create it, or open the one that is there: then we know which
                    try {
                        return named(tagname, flags | create, true);
                    } catch (FileAlreadyExistsException exists) {
                        // open it below
                    }
                    try {
                        return openExisting(tagname, flags);
                    } catch (NoSuchFileException removedMeanwhile) {
                        // create it again
                    }
                }
            }
            default -> {
                try {
                    return openExisting(tagname, flags);
                } catch (NoSuchFileException e) {
                    throw Tagnames.noSuchName(tagname, policy);
                }
            }
        }
    }

    private FdHandle named(String tagname, int flags, boolean created) throws IOException {
        int fd = posix.shmOpen(tagname, flags, posix.c("S_IRUSR") | posix.c("S_IWUSR"));   // 0600
        return new FdHandle(posix, fd, true, "tagname \"" + tagname + "\"", posix.sym.shm.sizedOnce(), shmDirectory,
                created);
    }

    /**
     * Opens an existing object and checks it (Tagnames.checkFound): where names are files, what
     * the name holds is checked first (a FIFO or a link is refused before it is opened); then fstat
     * checks the object opened.
     */
    private FdHandle openExisting(String tagname, int flags) throws IOException {
        int uid = posix.geteuid();
        if (shmDirectory != null) {
            Tagnames.checkPath(shmDirectory.resolve(tagname), tagname, uid);
        }
        FdHandle h = named(tagname, flags, false);
        try {
            checkNamedObject(h, tagname, uid);
            return h;
        } catch (IOException | RuntimeException e) {
            h.close();
            throw e;
        }
    }

    /**
     * The owner, type and mode of an opened named object, by fstat (a separate step from taking
     * its size). Where names are no files (xnu), a shm object has no file-type bits: type 0 is one.
     */
    private void checkNamedObject(FdHandle h, String tagname, int uid) throws IOException {
        Posix.Owner st = posix.owner(h.fd, h.describe());
        int type = st.type(posix);
        boolean regular = type == posix.c("S_IFREG") || (shmDirectory == null && type == 0);
        Tagnames.checkFound(tagname, false, regular, st.uid(), uid, st.mode());
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
        if (options.noReserve()) {
            flags |= posix.sym.flagOrZero("MAP_NORESERVE");
        }
        PosixRegion r = PosixRegion.map(this, (FdHandle) handle, offset, length, access, prot(access), flags, pageSize);
        hints(r, options);
        return r;
    }

    @Override
    public Region mapAnonymous(long length, Access access, MapOptions options) throws IOException {
        int flags = (access == Access.COPY ? posix.c("MAP_PRIVATE") : posix.c("MAP_SHARED")) | posix.c("MAP_ANONYMOUS");
        if (options.populate()) {
            flags |= posix.sym.flagOrZero("MAP_POPULATE");
        }
        if (options.noReserve()) {
            flags |= posix.sym.flagOrZero("MAP_NORESERVE");
        }
        int huge = posix.sym.flagOrZero("MAP_HUGETLB");
        if (options.hugePages() && huge != 0) {
            try {
                return PosixRegion.map(this, null, 0, length, access, prot(access), flags | huge, hugePageSize());
            } catch (IOException noHugePagesReserved) {
                // fall back to normal pages with the transparent-huge-page hint below
            }
        }
        PosixRegion r = PosixRegion.map(this, null, 0, length, access, prot(access), flags, pageSize);
        hints(r, options);
        return r;
    }

    private volatile long hugePageSize;

    /**
     * The size of the huge pages MAP_HUGETLB maps (the default one, Linux's "Hugepagesize" in
     * /proc/meminfo; 2 MiB on x86-64 where that cannot be read). Their munmap, mprotect and
     * mremap need lengths of whole huge pages.
     */
    long hugePageSize() {
        long size = hugePageSize;
        if (size == 0) {
            size = 2L << 20;
            try {
                for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/meminfo"))) {
                    if (line.startsWith("Hugepagesize:")) {
                        size = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                    }
                }
            } catch (IOException | RuntimeException unreadable) {
                // keep the x86-64 default
            }
            hugePageSize = size;
        }
        return size;
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
