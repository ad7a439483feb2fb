package io.github.jmmap.internal.macos;

import io.github.jmmap.Advice;
import io.github.jmmap.internal.Provider;
import io.github.jmmap.internal.gen.errno.MacErrno;
import io.github.jmmap.internal.posix.PosixProvider;
import io.github.jmmap.internal.posix.PosixSymbols;
import io.github.jmmap.internal.posix.PosixSymbols.Fn;
import io.github.jmmap.internal.posix.ShmTraits;
import io.github.jmmap.internal.posix.StatLayout;
import io.github.jmmap.internal.gen.macos.stat;

import io.github.jmmap.internal.gen.macos.stat;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;

import static io.github.jmmap.internal.gen.macos.MacC.*;

/**
 * The NATIVE backend on macOS: the POSIX provider fed with the symbols and constants of the
 * jextract-generated {@code MacC} (Darwin, arm64). macOS has no mremap (resize unmaps and maps
 * again), no MAP_POPULATE (populate becomes MADV_WILLNEED), and variadic {@code open}/{@code
 * shm_open} whose mode travels on the stack. Its shm objects (xnu bsd/kern/posix_shm.c) differ
 * from Linux's, see {@link ShmTraits#SIZED_ONCE}: lseek refuses them (ESPIPE), so sizes come from
 * fstat; shm_open takes no O_CLOEXEC (the kernel sets close-on-exec itself; macOS 26.4 and later
 * refuse the flag); one ftruncate per object, its size rounded up to the page size (16 KiB on
 * Apple silicon); MAP_SHARED only; names of at most {@link #maxTagname()} bytes.
 */
public final class MacProvider {
    /**
     * xnu bsd/sys/fcntl.h: {@code #define O_NOFOLLOW 0x00000100}. Not in the generated MacC yet
     * (added to native/macos/jmmap_macos.h for the next regeneration). Note that shm_open needs
     * no O_NOFOLLOW on macOS: shm names are no paths, and POSIX lets shm_open take only O_RDONLY,
     * O_RDWR, O_CREAT, O_EXCL and O_TRUNC (macOS 26.4 refuses O_CLOEXEC there).
     */
    static final int O_NOFOLLOW = 0x00000100;

    /**
     * xnu bsd/sys/fcntl.h: {@code #define O_NONBLOCK 0x00000004}, likewise not generated yet: a
     * file map opens its path non-blocking, so that a FIFO renamed over the path after the type
     * check cannot block the open. Never passed to shm_open (see above).
     */
    static final int O_NONBLOCK = 0x00000004;

    private MacProvider() {
    }

    /**
     * The longest tagname: xnu's pshm_get_name copies the name with {@code copyinstr(..., PSHMNAMLEN + 1, ...)},
     * so the name may have PSHMNAMLEN (31) bytes before its NUL; jmmap's leading '/' is one of them.
     */
    static int maxTagname() {
        return PSHMNAMLEN() - 1;
    }

    /**
     * The symbol of the fstat that fills the 64-bit-inode {@code struct stat} (the generated
     * layout): plain "fstat" on arm64, where only that one exists, and "fstat$INODE64" on x86_64,
     * whose plain "fstat" fills the old 32-bit-inode struct (xnu bsd/sys/cdefs.h,
     * __DARWIN_SUF_64_BIT_INO_T).
     */
    static String fstatSymbol(String osArch) {
        return osArch.equals("x86_64") || osArch.equals("amd64") ? "fstat$INODE64" : "fstat";
    }

    /** Called by {@code Providers} only when native access is enabled. */
    public static Provider create() throws IOException {
        return new PosixProvider(table(System.getProperty("os.arch", "")).build(), maxTagname());
    }

    /** The macOS symbol table for a CPU ({@code os.arch}); a test can build it wherever libc has these names. */
    static PosixSymbols.Builder table(String osArch) {
        String fstat = fstatSymbol(osArch);
        MemorySegment fstatAddress = fstat.equals("fstat") ? fstat$address()
                : Linker.nativeLinker().defaultLookup().findOrThrow(fstat);
        PosixSymbols.Builder table = PosixSymbols.builder("macos")
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
                .fstat(Fn.of(fstatAddress, fstat$descriptor()), new StatLayout(stat.layout().byteSize(),
                        stat.st_size$offset(), stat.st_mode$offset(), 2, S_IFMT()))
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
                .constant("MS_SYNC", MS_SYNC()).constant("MS_ASYNC", MS_ASYNC()).constant("MS_INVALIDATE", MS_INVALIDATE())
                .constant("O_RDONLY", O_RDONLY()).constant("O_RDWR", O_RDWR()).constant("O_CREAT", O_CREAT())
                .constant("O_EXCL", O_EXCL()).constant("O_CLOEXEC", O_CLOEXEC())
                .constant("SEEK_END", SEEK_END()).constant("_SC_PAGESIZE", _SC_PAGESIZE())
                .constant("S_IRUSR", S_IRUSR()).constant("S_IWUSR", S_IWUSR())
                .advice(Advice.NORMAL, MADV_NORMAL()).advice(Advice.RANDOM, MADV_RANDOM())
                .advice(Advice.SEQUENTIAL, MADV_SEQUENTIAL()).advice(Advice.WILL_NEED, MADV_WILLNEED())
                .advice(Advice.DONT_NEED, MADV_DONTNEED()).advice(Advice.FREE, MADV_FREE())
                .errnos(MacErrno::forEach)
                // fdesc: a stat of /dev/fd/N is the open file's (a POSIX shm object's fails: EBADF, then allowed)
                .descriptorDirectory("/dev/fd")
                .constant("O_NOFOLLOW", O_NOFOLLOW)
                .constant("O_NONBLOCK", O_NONBLOCK)
                .shm(ShmTraits.SIZED_ONCE);
        namedObjectsAndSpace(table);
        return table;
    }

    /**
     * What named-object checks and preallocation need beyond the generated bindings, written by
     * hand (no jextract here; native/macos and cmake/bindings-macos.args list them for the next
     * regeneration). Never executed here (written from xnu's sources): geteuid; fcntl, variadic,
     * with F_PREALLOCATE (42), F_ALLOCATEALL (4) and F_PEOFPOSMODE (3) of bsd/sys/fcntl.h, since
     * macOS has no posix_fallocate; where fstat (bound by the table above) puts st_uid and the
     * 16-bit st_mode: xnu's pshm_stat gives the creator's uid and only the permission bits (no
     * file-type bits, so PosixProvider takes type 0 for a shm object where names are no files).
     * POSIX shm objects are not files on macOS: no link to follow, and no O_NOFOLLOW is passed.
     */
    private static void namedObjectsAndSpace(PosixSymbols.Builder b) {
        SymbolLookup libc = Linker.nativeLinker().defaultLookup();
        b.fn("geteuid", Fn.of(libc.findOrThrow("geteuid"), FunctionDescriptor.of(C_INT)))
                .fn("fcntl", Fn.variadic(libc.findOrThrow("fcntl"),
                        FunctionDescriptor.of(C_INT, C_INT, C_INT, C_POINTER), 2))
                .constant("F_PREALLOCATE", 42).constant("F_ALLOCATEALL", 4).constant("F_PEOFPOSMODE", 3)
                .constant("S_IFMT", S_IFMT()).constant("S_IFREG", S_IFREG())
                .constant("sizeof(struct stat)", (int) stat.sizeof())
                .constant("offsetof(st_mode)", (int) stat.st_mode$offset()).constant("sizeof(st_mode)", 2)
                .constant("offsetof(st_uid)", (int) stat.st_uid$offset())
                .constant("offsetof(st_size)", (int) stat.st_size$offset());
    }
}
