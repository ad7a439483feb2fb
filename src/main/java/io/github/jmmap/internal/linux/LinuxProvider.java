package io.github.jmmap.internal.linux;

import io.github.jmmap.Advice;
import io.github.jmmap.internal.Provider;
import io.github.jmmap.internal.gen.errno.LinuxErrno;
import io.github.jmmap.internal.posix.PosixProvider;
import io.github.jmmap.internal.posix.PosixSymbols;
import io.github.jmmap.internal.posix.PosixSymbols.Fn;
import io.github.jmmap.internal.posix.ShmTraits;

import io.github.jmmap.internal.gen.linux.stat;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Path;

import static io.github.jmmap.internal.gen.linux.LinuxC.*;

/**
 * The NATIVE backend on Linux: the POSIX provider fed with the symbols and constants of the
 * jextract-generated {@code LinuxC} (glibc). Linux adds mremap, MAP_POPULATE, MAP_HUGETLB and
 * the Linux madvise set.
 */
public final class LinuxProvider {
    /**
     * linux include/uapi/linux/prctl.h: {@code #define PR_SET_VMA 0x53564d41} and
     * {@code # define PR_SET_VMA_ANON_NAME 0} (Linux 5.17; the same on every architecture). Not in
     * the generated LinuxC yet: added to native/linux/jmmap_linux.h and cmake/bindings-linux.args
     * for the next regeneration, as is prctl itself.
     */
    static final int PR_SET_VMA = 0x53564d41;
    static final int PR_SET_VMA_ANON_NAME = 0;

    /**
     * glibc's {@code int prctl(int option, ...)}, bound by hand (no jextract here) for
     * PR_SET_VMA_ANON_NAME's arguments: {@code (unsigned long) PR_SET_VMA_ANON_NAME, start, len,
     * name}, passed as variadic arguments from the second on.
     */
    static PosixSymbols.Fn prctl() {
        return Fn.variadic(Linker.nativeLinker().defaultLookup().findOrThrow("prctl"),
                FunctionDescriptor.of(C_INT, C_INT, C_LONG, C_POINTER, C_LONG, C_POINTER), 1);
    }

    private LinuxProvider() {
    }

    /** Called by {@code Providers} only when native access is enabled. */
    public static Provider create() throws IOException {
        return new PosixProvider(table().build(), NAME_MAX(), Path.of("/dev/shm"));
    }

    /** The Linux symbol table, open for tests to vary one trait. */
    static PosixSymbols.Builder table() {
        PosixSymbols.Builder table = PosixSymbols.builder("linux")
                .fn("mmap", Fn.of(mmap$address(), mmap$descriptor()))
                .fn("munmap", Fn.of(munmap$address(), munmap$descriptor()))
                .fn("msync", Fn.of(msync$address(), msync$descriptor()))
                .fn("madvise", Fn.of(madvise$address(), madvise$descriptor()))
                .fn("mprotect", Fn.of(mprotect$address(), mprotect$descriptor()))
                .fn("mlock", Fn.of(mlock$address(), mlock$descriptor()))
                .fn("munlock", Fn.of(munlock$address(), munlock$descriptor()))
                .fn("mincore", Fn.of(mincore$address(), mincore$descriptor()))
                .fn("mremap", Fn.variadic(mremap.address(), mremap.makeInvoker().descriptor(), 4))
                .fn("ftruncate", Fn.of(ftruncate$address(), ftruncate$descriptor()))
                .fn("lseek", Fn.of(lseek$address(), lseek$descriptor()))
                .fn("open", Fn.variadic(open.address(), open.makeInvoker(C_INT).descriptor(), 2))
                .fn("close", Fn.of(close$address(), close$descriptor()))
                .fn("dup", Fn.of(dup$address(), dup$descriptor()))
                .fn("shm_open", Fn.of(shm_open$address(), shm_open$descriptor()))
                .fn("shm_unlink", Fn.of(shm_unlink$address(), shm_unlink$descriptor()))
                .fn("sysconf", Fn.of(sysconf$address(), sysconf$descriptor()))
                .fn("strerror", Fn.of(strerror$address(), strerror$descriptor()))
                .fn("prctl", prctl())
                .constant("PR_SET_VMA", PR_SET_VMA).constant("PR_SET_VMA_ANON_NAME", PR_SET_VMA_ANON_NAME)
                .constant("PROT_NONE", PROT_NONE()).constant("PROT_READ", PROT_READ()).constant("PROT_WRITE", PROT_WRITE())
                .constant("MAP_SHARED", MAP_SHARED()).constant("MAP_PRIVATE", MAP_PRIVATE())
                .constant("MAP_ANONYMOUS", MAP_ANONYMOUS()).constant("MAP_POPULATE", MAP_POPULATE())
                .constant("MAP_HUGETLB", MAP_HUGETLB()).constant("MAP_NORESERVE", MAP_NORESERVE())
                .constant("MREMAP_MAYMOVE", MREMAP_MAYMOVE())
                .constant("MS_SYNC", MS_SYNC()).constant("MS_ASYNC", MS_ASYNC()).constant("MS_INVALIDATE", MS_INVALIDATE())
                .constant("O_RDONLY", O_RDONLY()).constant("O_RDWR", O_RDWR()).constant("O_CREAT", O_CREAT())
                .constant("O_EXCL", O_EXCL()).constant("O_CLOEXEC", O_CLOEXEC())
                .constant("SEEK_END", SEEK_END()).constant("_SC_PAGESIZE", _SC_PAGESIZE())
                .constant("S_IRUSR", S_IRUSR()).constant("S_IWUSR", S_IWUSR())
                .advice(Advice.NORMAL, MADV_NORMAL()).advice(Advice.RANDOM, MADV_RANDOM())
                .advice(Advice.SEQUENTIAL, MADV_SEQUENTIAL()).advice(Advice.WILL_NEED, MADV_WILLNEED())
                .advice(Advice.DONT_NEED, MADV_DONTNEED()).advice(Advice.FREE, MADV_FREE())
                .advice(Advice.REMOVE, MADV_REMOVE()).advice(Advice.DONT_FORK, MADV_DONTFORK())
                .advice(Advice.DO_FORK, MADV_DOFORK()).advice(Advice.MERGEABLE, MADV_MERGEABLE())
                .advice(Advice.UNMERGEABLE, MADV_UNMERGEABLE()).advice(Advice.HUGEPAGE, MADV_HUGEPAGE())
                .advice(Advice.NO_HUGEPAGE, MADV_NOHUGEPAGE()).advice(Advice.DONT_DUMP, MADV_DONTDUMP())
                .advice(Advice.DO_DUMP, MADV_DODUMP()).advice(Advice.POPULATE_READ, MADV_POPULATE_READ())
                .advice(Advice.POPULATE_WRITE, MADV_POPULATE_WRITE())
                .errnos(LinuxErrno::forEach)
                .descriptorDirectory("/proc/self/fd")
                .shm(ShmTraits.RESIZABLE);
        LinuxArch arch = LinuxArch.current();
        if (arch != null) {     // per architecture: the generated values are x86_64's
            table.constant("O_DIRECTORY", arch.oDirectory()).constant("O_NOFOLLOW", arch.oNofollow());
        }
        namedObjectsAndSpace(table, arch);
        return table;
    }

    /**
     * What the named-object checks and preallocation need beyond the generated bindings, written
     * by hand (no jextract here; native/linux and cmake/bindings-linux.args list them for the next
     * regeneration): geteuid, posix_fallocate, O_NONBLOCK (so that a FIFO under a name cannot block
     * the open), fstat with S_IFMT/S_IFREG, and where fstat puts st_mode, st_uid and st_size, which
     * differs between x86_64 (the generated layout) and aarch64 (asm-generic's). Sizes still come
     * from lseek: the table gives no StatLayout.
     */
    private static void namedObjectsAndSpace(PosixSymbols.Builder table, LinuxArch arch) {
        SymbolLookup libc = Linker.nativeLinker().defaultLookup();
        table.fn("geteuid", Fn.of(libc.findOrThrow("geteuid"), FunctionDescriptor.of(C_INT)))
                .fn("posix_fallocate", Fn.of(libc.findOrThrow("posix_fallocate"),
                        FunctionDescriptor.of(C_INT, C_INT, C_LONG, C_LONG)))
                .fn("fstat", Fn.of(fstat$address(), fstat$descriptor()))
                .constant("S_IFMT", S_IFMT()).constant("S_IFREG", S_IFREG())
                .constant("O_NONBLOCK", 04000);
        if (arch == LinuxArch.AARCH64) {
            table.constant("sizeof(struct stat)", 128).constant("offsetof(st_mode)", 16)
                    .constant("offsetof(st_uid)", 24).constant("offsetof(st_size)", 48);
        } else {
            table.constant("sizeof(struct stat)", (int) stat.sizeof())
                    .constant("offsetof(st_mode)", (int) stat.st_mode$offset())
                    .constant("offsetof(st_uid)", (int) stat.st_uid$offset())
                    .constant("offsetof(st_size)", (int) stat.st_size$offset());
        }
    }
}
