package io.github.jmmap.internal.posix;

import io.github.jmmap.internal.Errors;
import io.github.jmmap.internal.Os;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;

/**
 * The POSIX calls jmmap makes, each through a downcall handle built from the generated
 * address and descriptor with {@code Linker.Option.captureCallState("errno")}, so that a failure
 * becomes an IOException naming the call, the errno name and {@code strerror}'s text.
 */
@SuppressWarnings("restricted")   // the downcall layer: it exists to build downcall handles
final class Posix {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    /**
     * Each thread's errno capture segment, reused by every call: an arena per call costs a malloc
     * and a free. A call reads the errno from it before it makes another downcall.
     */
    private static final ThreadLocal<MemorySegment> CAPTURED =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE));

    final PosixSymbols sym;
    private final MethodHandle mmap;
    private final MethodHandle munmap;
    private final MethodHandle msync;
    private final MethodHandle madvise;
    private final MethodHandle mprotect;
    private final MethodHandle mlock;
    private final MethodHandle munlock;
    private final MethodHandle mincore;
    private final MethodHandle mremap;      // null where the OS has none
    private final MethodHandle ftruncate;
    private final MethodHandle lseek;
    private final MethodHandle fstat;       // null where sizes come from lseek
    private final MethodHandle open;
    private final MethodHandle close;
    private final MethodHandle dup;
    private final MethodHandle shmOpen;
    private final MethodHandle shmUnlink;
    private final MethodHandle sysconf;
    private final MethodHandle strerror;
    private final MethodHandle prctl;       // null where the OS has none (all but Linux)

    Posix(PosixSymbols sym) {
        this.sym = sym;
        mmap = handle("mmap");
        munmap = handle("munmap");
        msync = handle("msync");
        madvise = handle("madvise");
        mprotect = handle("mprotect");
        mlock = handle("mlock");
        munlock = handle("munlock");
        mincore = handle("mincore");
        mremap = sym.has("mremap") ? handle("mremap") : null;
        ftruncate = handle("ftruncate");
        lseek = handle("lseek");
        fstat = sym.stat == null ? null : handle("fstat");
        open = handle("open");
        close = handle("close");
        dup = handle("dup");
        shmOpen = handle("shm_open");
        shmUnlink = handle("shm_unlink");
        sysconf = handle("sysconf");
        prctl = sym.has("prctl") ? handle("prctl") : null;
        strerror = LINKER.downcallHandle(sym.fn("strerror").address(), sym.fn("strerror").descriptor());
    }

    private MethodHandle handle(String name) {
        PosixSymbols.Fn f = sym.fn(name);
        Linker.Option capture = Linker.Option.captureCallState("errno");
        return f.firstVariadicArg() < 0
                ? LINKER.downcallHandle(f.address(), f.descriptor(), capture)
                : LINKER.downcallHandle(f.address(), f.descriptor(), capture,
                Linker.Option.firstVariadicArg(f.firstVariadicArg()));
    }

    int c(String name) {
        return sym.constant(name);
    }

    // ------------------------------------------------------------------------------------ errors

    private IOException error(String call, MemorySegment state, String subject) {
        int errno = (int) ERRNO.get(state, 0L);
        return error(call, errno, subject);
    }

    IOException error(String call, int errno, String subject) {
        String name = sym.errnoNames.getOrDefault(errno, "errno");
        String text = strerror(errno);
        String reason = call + " failed: " + name + " (" + errno + "): " + text;
        if (subject != null && (call.equals("open") || call.equals("shm_open"))) {
            if (errno == c("ENOENT")) {
                return new NoSuchFileException(subject, null, reason);
            }
            if (errno == c("EEXIST")) {
                return new FileAlreadyExistsException(subject, null, reason);
            }
            if (errno == c("EACCES")) {
                return new AccessDeniedException(subject, null, reason);
            }
        }
        return Errors.os(call, name, errno, text, subject);
    }

    /** {@link #error}, with what to check when the failure was ENOMEM (the limit of maps, ulimit -v). */
    private IOException mapError(String call, MemorySegment state, String subject, long length) {
        int errno = (int) ERRNO.get(state, 0L);
        IOException e = error(call, errno, subject);
        return errno == c("ENOMEM") ? new IOException(e.getMessage() + Errors.mapLimitHint(Os.of(sym.os), length)) : e;
    }

    String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) strerror.invokeExact(errno);
            return s.equals(MemorySegment.NULL) ? "unknown error" : s.reinterpret(4096).getString(0);
        } catch (Throwable t) {
            return "unknown error";
        }
    }

    // ------------------------------------------------------------------------------------ calls

    private static MemorySegment capture() {
        return CAPTURED.get();
    }

    long pageSize() throws IOException {
        try {
            MemorySegment st = capture();
            long r = (long) sysconf.invokeExact(st, c("_SC_PAGESIZE"));
            if (r <= 0) {
                throw error("sysconf", st, "_SC_PAGESIZE");
            }
            return r;
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw Errors.unchecked(t);
        }
    }

    int open(String path, int flags, int mode) throws IOException {
        return openLike(open, "open", path, path, flags, mode);
    }

    int shmOpen(String name, int flags, int mode) throws IOException {
        return openLike(shmOpen, "shm_open", "/" + name, name, flags, mode);
    }

    private int openLike(MethodHandle h, String call, String path, String subject, int flags, int mode)
            throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = capture();
            MemorySegment p = a.allocateFrom(path);
            while (true) {
                int fd = (int) h.invokeExact(st, p, flags, mode);
                if (fd >= 0) {
                    return fd;
                }
                int errno = (int) ERRNO.get(st, 0L);
                if (errno != c("EINTR")) {
                    throw error(call, errno, subject);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw Errors.unchecked(t);
        }
    }

    /** shm_unlink; returns false if the name did not exist. */
    boolean shmUnlink(String name) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = capture();
            int r = (int) shmUnlink.invokeExact(st, a.allocateFrom("/" + name));
            if (r == 0) {
                return true;
            }
            int errno = (int) ERRNO.get(st, 0L);
            if (errno == c("ENOENT")) {
                return false;
            }
            throw error("shm_unlink", errno, name);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw Errors.unchecked(t);
        }
    }

    void close(int fd) throws IOException {
        intCall(close, "close", fd);
    }

    int dup(int fd) throws IOException {
        return intCall(dup, "dup", fd);
    }

    private int intCall(MethodHandle h, String call, int fd) throws IOException {
        try {
            MemorySegment st = capture();
            int r = (int) h.invokeExact(st, fd);
            if (r < 0) {
                throw error(call, st, "fd " + fd);
            }
            return r;
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw Errors.unchecked(t);
        }
    }

    long lseekEnd(int fd, String subject) throws IOException {
        try {
            MemorySegment st = capture();
            long r = (long) lseek.invokeExact(st, fd, 0L, c("SEEK_END"));
            if (r < 0) {
                throw error("lseek", st, subject);
            }
            return r;
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw Errors.unchecked(t);
        }
    }

    /** What jmmap reads of {@code fstat}: st_size, and st_mode's file-type bits (0 for an xnu shm object). */
    record Stat(long size, int type) {
    }

    /** fstat through the table's {@link StatLayout}; only where the table has one. */
    Stat fstat(int fd, String subject) throws IOException {
        StatLayout layout = sym.stat;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = capture();
            MemorySegment buf = a.allocate(layout.byteSize(), 8);
            int r = (int) fstat.invokeExact(st, fd, buf);
            if (r != 0) {
                throw error("fstat", st, subject);
            }
            int mode = layout.modeBytes() == 2
                    ? Short.toUnsignedInt(buf.get(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED, layout.modeOffset()))
                    : buf.get(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, layout.modeOffset());
            return new Stat(buf.get(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED, layout.sizeOffset()),
                    mode & layout.typeMask());
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw Errors.unchecked(t);
        }
    }

    /** The object's size: fstat's st_size where the table says so, else lseek to the end. */
    long size(int fd, String subject) throws IOException {
        return sym.stat != null ? fstat(fd, subject).size() : lseekEnd(fd, subject);
    }

    /**
     * Refuses a descriptor that cannot be mapped (EBADF; ESPIPE for a pipe, socket or tty), by the
     * call that tells: lseek, or, where lseek refuses shm objects too, fstat and then lseek for
     * anything that is not one (an xnu shm object has no file-type bits in st_mode: pshm_stat sets
     * only the permission bits). Returns whether fstat found such a shm object.
     */
    boolean checkMappable(int fd, String subject) throws IOException {
        if (sym.stat != null && fstat(fd, subject).type() == 0) {
            return true;
        }
        lseekEnd(fd, subject);
        return false;
    }

    void ftruncate(int fd, long size, String subject) throws IOException {
        try {
            MemorySegment st = capture();
            while (true) {
                int r = (int) ftruncate.invokeExact(st, fd, size);
                if (r == 0) {
                    return;
                }
                int errno = (int) ERRNO.get(st, 0L);
                if (errno != c("EINTR")) {
                    throw error("ftruncate", errno, subject);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw Errors.unchecked(t);
        }
    }

    /** mmap; returns the address. */
    long mmap(long length, int prot, int flags, int fd, long offset, String subject) throws IOException {
        try {
            MemorySegment st = capture();
            MemorySegment r = (MemorySegment) mmap.invokeExact(st, MemorySegment.NULL, length, prot, flags, fd, offset);
            if (r.address() == -1L) {
                throw mapError("mmap", st, subject, length);
            }
            return r.address();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw Errors.unchecked(t);
        }
    }

    /** munmap; a failure (EINVAL for a length that is not a whole number of huge pages, ...) is thrown. */
    void munmap(long address, long length) throws IOException {
        try {
            MemorySegment st = capture();
            int r = (int) munmap.invokeExact(st, MemorySegment.ofAddress(address), length);
            if (r != 0) {
                throw error("munmap", st, null);
            }
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw Errors.unchecked(t);
        }
    }

    boolean hasMremap() {
        return mremap != null;
    }

    long mremap(long address, long oldLength, long newLength, int flags) throws IOException {
        try {
            MemorySegment st = capture();
            MemorySegment r = (MemorySegment) mremap.invokeExact(st, MemorySegment.ofAddress(address), oldLength,
                    newLength, flags);
            if (r.address() == -1L) {
                throw mapError("mremap", st, null, newLength);
            }
            return r.address();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw Errors.unchecked(t);
        }
    }

    /** A call of the form {@code f(addr, len, int)} (msync, madvise, mprotect); returns errno or 0. */
    int rangeCall(String call, MemorySegment range, int arg) {
        MethodHandle h = switch (call) {
            case "msync" -> msync;
            case "madvise" -> madvise;
            case "mprotect" -> mprotect;
            default -> throw new IllegalArgumentException(call);
        };
        try {
            MemorySegment st = capture();
            int r = (int) h.invokeExact(st, range, range.byteSize(), arg);
            return r == 0 ? 0 : (int) ERRNO.get(st, 0L);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw Errors.unchecked(t);
        }
    }

    /** mlock or munlock; returns errno or 0. */
    int lockCall(boolean lock, MemorySegment range) {
        try {
            MemorySegment st = capture();
            int r = lock ? (int) mlock.invokeExact(st, range, range.byteSize())
                    : (int) munlock.invokeExact(st, range, range.byteSize());
            return r == 0 ? 0 : (int) ERRNO.get(st, 0L);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw Errors.unchecked(t);
        }
    }

    boolean hasPrctl() {
        return prctl != null;
    }

    /**
     * {@code prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, start, len, name)} over the (page-aligned)
     * range; {@code name} null removes the name. Returns errno or 0.
     */
    int prctlSetVmaName(MemorySegment range, String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = capture();
            MemorySegment n = name == null ? MemorySegment.NULL
                    : a.allocateFrom(name, java.nio.charset.StandardCharsets.US_ASCII);
            int r = (int) prctl.invokeExact(st, c("PR_SET_VMA"), (long) c("PR_SET_VMA_ANON_NAME"), range,
                    range.byteSize(), n);
            return r == 0 ? 0 : (int) ERRNO.get(st, 0L);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw Errors.unchecked(t);
        }
    }

    /** Whether every page of the (page-aligned) range is resident. */
    boolean mincoreAll(MemorySegment range, long pageSize) throws IOException {
        long pages = (range.byteSize() + pageSize - 1) / pageSize;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = capture();
            MemorySegment vec = a.allocate(Math.max(1, pages));
            int r = (int) mincore.invokeExact(st, range, range.byteSize(), vec);
            if (r != 0) {
                throw error("mincore", st, null);
            }
            for (long i = 0; i < pages; i++) {
                if ((vec.get(java.lang.foreign.ValueLayout.JAVA_BYTE, i) & 1) == 0) {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw Errors.unchecked(t);
        }
    }

    // ------------------------------------------------ named objects and space (hand-written handles)

    /** Who owns an open object and its st_mode (file-type and permission bits): for the named-object checks. */
    record Owner(int mode, int uid) {
        /** The file-type bits of st_mode (0 for an xnu shm object, which has none). */
        int type(Posix posix) {
            return mode & posix.c("S_IFMT");
        }
    }

    /**
     * fstat for the named-object checks, kept apart from the sizes ({@link #fstat} and lseek):
     * st_mode ({@code sizeof(st_mode)} bytes, 4 unless the table says 2) and st_uid at the offsets
     * the per-OS table gives for this OS and CPU.
     */
    Owner owner(int fd, String subject) throws IOException {
        MethodHandle h = captured("fstat");
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = capture();
            MemorySegment buf = a.allocate(c("sizeof(struct stat)"), 8);
            int r = (int) h.invokeExact(st, fd, buf);
            if (r != 0) {
                throw error("fstat", st, subject);
            }
            long at = c("offsetof(st_mode)");
            int mode = sym.constants.getOrDefault("sizeof(st_mode)", 4) == 2
                    ? buf.get(java.lang.foreign.ValueLayout.JAVA_SHORT, at) & 0xFFFF
                    : buf.get(java.lang.foreign.ValueLayout.JAVA_INT, at);
            return new Owner(mode, buf.get(java.lang.foreign.ValueLayout.JAVA_INT, c("offsetof(st_uid)")));
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw Errors.unchecked(t);
        }
    }

    private final java.util.Map<String, MethodHandle> captured = new java.util.concurrent.ConcurrentHashMap<>();

    /** {@link #handle} made on first use, for calls that only some operations need. */
    private MethodHandle captured(String name) {
        return captured.computeIfAbsent(name, this::handle);
    }

    private final java.util.Map<String, MethodHandle> uncaptured = new java.util.concurrent.ConcurrentHashMap<>();

    /** A handle without errno capture, made on first use, for calls that report by return value. */
    private MethodHandle uncaptured(String name) {
        return uncaptured.computeIfAbsent(name, n -> {
            PosixSymbols.Fn f = sym.fn(n);
            return LINKER.downcallHandle(f.address(), f.descriptor());
        });
    }

    /** This process's effective uid (geteuid, which cannot fail). */
    int geteuid() {
        try {
            return (int) uncaptured("geteuid").invokeExact();
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw Errors.unchecked(t);
        }
    }

    /** Whether this OS can reserve a file's blocks: posix_fallocate, or fcntl(F_PREALLOCATE) on macOS. */
    boolean canPreallocate() {
        return sym.has("posix_fallocate") || sym.has("fcntl");
    }

    /**
     * Extends the file from {@code size} to {@code newSize} bytes with the blocks reserved:
     * posix_fallocate (which returns its error instead of setting errno), or on macOS
     * fcntl(F_PREALLOCATE, F_ALLOCATEALL) from the physical end of file, then ftruncate.
     */
    void preallocate(int fd, long size, long newSize, String subject) throws IOException {
        try {
            if (sym.has("posix_fallocate")) {
                MethodHandle h = uncaptured("posix_fallocate");
                int r;
                do {
                    r = (int) h.invokeExact(fd, size, newSize - size);
                } while (r == c("EINTR"));
                if (r != 0) {
                    throw error("posix_fallocate", r, subject);
                }
                return;
            }
            MethodHandle h = captured("fcntl");
            try (Arena a = Arena.ofConfined()) {
                MemorySegment st = capture();
                MemorySegment store = a.allocate(32, 8);      // fstore_t
                store.set(java.lang.foreign.ValueLayout.JAVA_INT, 0, c("F_ALLOCATEALL"));
                store.set(java.lang.foreign.ValueLayout.JAVA_INT, 4, c("F_PEOFPOSMODE"));
                store.set(java.lang.foreign.ValueLayout.JAVA_LONG, 8, 0L);
                store.set(java.lang.foreign.ValueLayout.JAVA_LONG, 16, newSize - size);
                int r = (int) h.invokeExact(st, fd, c("F_PREALLOCATE"), store);
                int errno = r == -1 ? (int) ERRNO.get(st, 0L) : 0;
                // a POSIX shm object (no blocks to reserve) or a file system without preallocation:
                // only the size is set, as without the option
                boolean unsupported = errno == c("EINVAL") || errno == sym.flagOrZero("ENOTSUP")
                        || errno == sym.flagOrZero("EOPNOTSUPP");
                if (r == -1 && !unsupported) {
                    throw error("fcntl(F_PREALLOCATE)", errno, subject);
                }
            }
            ftruncate(fd, newSize, subject);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw Errors.unchecked(t);
        }
    }
}
