package io.github.jmmap.internal.macos;

import io.github.jmmap.Advice;
import io.github.jmmap.internal.Provider;
import io.github.jmmap.internal.posix.PosixProvider;
import io.github.jmmap.internal.posix.PosixSymbols;
import io.github.jmmap.internal.posix.PosixSymbols.Fn;

import io.github.jmmap.internal.gen.macos.stat;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;

import static io.github.jmmap.internal.gen.macos.MacC.*;

/**
 * The NATIVE backend on macOS: the POSIX provider fed with the symbols and constants of the
 * jextract-generated {@code MacC} (Darwin, arm64). macOS has no mremap (resize unmaps and maps
 * again), no MAP_POPULATE (populate becomes MADV_WILLNEED), shm names of at most 29 bytes (PSHMNAMLEN 31 counts the '/' and the NUL), and
 * variadic {@code open}/{@code shm_open} whose mode travels on the stack.
 */
public final class MacProvider {
    private MacProvider() {
    }

    /** Called by {@code Providers} only when native access is enabled. */
    public static Provider create() throws IOException {
        PosixSymbols.Builder b = PosixSymbols.builder("macos")
                .fn("mmap", Fn.of(mmap$address(), mmap$descriptor()))
                .fn("munmap", Fn.of(munmap$address(), munmap$descriptor()))
                .fn("msync", Fn.of(msync$address(), msync$descriptor()))
                .fn("madvise", Fn.of(madvise$address(), madvise$descriptor()))
                .fn("mprotect", Fn.of(mprotect$address(), mprotect$descriptor()))
                .fn("mlock", Fn.of(mlock$address(), mlock$descriptor()))
                .fn("munlock", Fn.of(munlock$address(), munlock$descriptor()))
                .fn("mincore", Fn.of(mincore$address(), mincore$descriptor()))
                .fn("ftruncate", Fn.of(ftruncate$address(), ftruncate$descriptor()))
                .fn("lseek", Fn.of(lseek$address(), lseek$descriptor()))
                .fn("open", Fn.variadic(open.address(), open.makeInvoker(C_INT).descriptor(), 2))
                .fn("close", Fn.of(close$address(), close$descriptor()))
                .fn("dup", Fn.of(dup$address(), dup$descriptor()))
                .fn("shm_open", Fn.variadic(shm_open.address(), shm_open.makeInvoker(C_INT).descriptor(), 2))
                .fn("shm_unlink", Fn.of(shm_unlink$address(), shm_unlink$descriptor()))
                .fn("sysconf", Fn.of(sysconf$address(), sysconf$descriptor()))
                .fn("strerror", Fn.of(strerror$address(), strerror$descriptor()))
                .constant("PROT_NONE", PROT_NONE()).constant("PROT_READ", PROT_READ()).constant("PROT_WRITE", PROT_WRITE())
                .constant("MAP_SHARED", MAP_SHARED()).constant("MAP_PRIVATE", MAP_PRIVATE())
                .constant("MAP_ANONYMOUS", MAP_ANON()).constant("MAP_NORESERVE", MAP_NORESERVE())
                .constant("MS_SYNC", MS_SYNC()).constant("MS_ASYNC", MS_ASYNC())
                .constant("O_RDONLY", O_RDONLY()).constant("O_RDWR", O_RDWR()).constant("O_CREAT", O_CREAT())
                .constant("O_EXCL", O_EXCL()).constant("O_CLOEXEC", O_CLOEXEC())
                .constant("SEEK_END", SEEK_END()).constant("_SC_PAGESIZE", _SC_PAGESIZE())
                .constant("S_IRUSR", S_IRUSR()).constant("S_IWUSR", S_IWUSR())
                .advice(Advice.NORMAL, MADV_NORMAL()).advice(Advice.RANDOM, MADV_RANDOM())
                .advice(Advice.SEQUENTIAL, MADV_SEQUENTIAL()).advice(Advice.WILL_NEED, MADV_WILLNEED())
                .advice(Advice.DONT_NEED, MADV_DONTNEED()).advice(Advice.FREE, MADV_FREE())
                .errno("EPERM", EPERM()).errno("ENOENT", ENOENT()).errno("EINTR", EINTR()).errno("EIO", EIO())
                .errno("ENXIO", ENXIO()).errno("EBADF", EBADF()).errno("EAGAIN", EAGAIN()).errno("ENOMEM", ENOMEM())
                .errno("EACCES", EACCES()).errno("EFAULT", EFAULT()).errno("EBUSY", EBUSY()).errno("EEXIST", EEXIST())
                .errno("ENODEV", ENODEV()).errno("EINVAL", EINVAL()).errno("ENFILE", ENFILE()).errno("EMFILE", EMFILE())
                .errno("ETXTBSY", ETXTBSY()).errno("EFBIG", EFBIG()).errno("ENOSPC", ENOSPC()).errno("EROFS", EROFS())
                .errno("ENAMETOOLONG", ENAMETOOLONG()).errno("EOVERFLOW", EOVERFLOW())
                .errno("ENOTSUP", ENOTSUP()).errno("EOPNOTSUPP", EOPNOTSUPP())
                .fn("fstat", Fn.of(fstat$address(), fstat$descriptor()))
                .constant("S_IFMT", S_IFMT()).constant("S_IFREG", S_IFREG());
        namedObjectsAndSpace(b);
        PosixSymbols symbols = b.build();
        // xnu's pshm_open refuses names whose copyinstr length, counting jmmap's leading '/' and
        // the terminating NUL, exceeds PSHMNAMLEN: that leaves PSHMNAMLEN - 2 bytes for the tagname
        return new PosixProvider(symbols, PSHMNAMLEN() - 2);
    }

    /**
     * What named-object checks and preallocation need beyond the generated bindings, written by
     * hand (no jextract here; native/macos and cmake/bindings-macos.args list them for the next
     * regeneration). Never executed here (written from xnu's sources): geteuid; fcntl, variadic,
     * with F_PREALLOCATE (42), F_ALLOCATEALL (4) and F_PEOFPOSMODE (3) of bsd/sys/fcntl.h, since
     * macOS has no posix_fallocate; struct stat's offsets from the generated arm64 layout (xnu's
     * pshm_stat fills st_mode with S_IFREG and the mode, st_uid with the creator). POSIX shm
     * objects are not files on macOS, so there is no link to follow and no O_NOFOLLOW to pass.
     */
    private static void namedObjectsAndSpace(PosixSymbols.Builder b) {
        SymbolLookup libc = Linker.nativeLinker().defaultLookup();
        b.fn("geteuid", Fn.of(libc.findOrThrow("geteuid"), FunctionDescriptor.of(C_INT)))
                .fn("fcntl", Fn.variadic(libc.findOrThrow("fcntl"),
                        FunctionDescriptor.of(C_INT, C_INT, C_INT, C_POINTER), 2))
                .constant("F_PREALLOCATE", 42).constant("F_ALLOCATEALL", 4).constant("F_PEOFPOSMODE", 3)
                .constant("sizeof(struct stat)", (int) stat.sizeof())
                .constant("offsetof(st_mode)", (int) stat.st_mode$offset())
                .constant("offsetof(st_uid)", (int) stat.st_uid$offset())
                .constant("offsetof(st_size)", (int) stat.st_size$offset());
    }
}
