package io.github.jmmap.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The few C calls tests make themselves, looked up by name: the same signatures on Linux and
 * macOS (the variadic ones with their mode as the first variadic argument, as arm64 Darwin needs).
 */
@SuppressWarnings("restricted")   // test code calling libc directly, on purpose
public final class TestLibc {
    private static final Linker C = Linker.nativeLinker();
    /** O_RDWR: 2 on Linux (asm-generic/fcntl.h) and macOS (bsd/sys/fcntl.h). */
    public static final int O_RDWR = 2;
    /** SEEK_CUR: 1 on both. */
    public static final int SEEK_CUR = 1;

    private static final FunctionDescriptor PATH_FLAGS_MODE = FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT);
    private static final MethodHandle OPEN = variadic("open", PATH_FLAGS_MODE);
    private static final MethodHandle SHM_OPEN = variadic("shm_open", PATH_FLAGS_MODE);
    private static final MethodHandle CLOSE = C.downcallHandle(C.defaultLookup().findOrThrow("close"),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle LSEEK = C.downcallHandle(C.defaultLookup().findOrThrow("lseek"),
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final MethodHandle GETPAGESIZE = C.downcallHandle(C.defaultLookup().findOrThrow("getpagesize"),
            FunctionDescriptor.of(ValueLayout.JAVA_INT));

    private TestLibc() {
    }

    private static MethodHandle variadic(String name, FunctionDescriptor d) {
        return C.downcallHandle(C.defaultLookup().findOrThrow(name), d, Linker.Option.firstVariadicArg(2));
    }

    /** open(path, flags, 0): a descriptor, or -1. */
    public static int open(String path, int flags) throws Throwable {
        try (Arena a = Arena.ofConfined()) {
            return (int) OPEN.invokeExact(a.allocateFrom(path), flags, 0);
        }
    }

    /** shm_open(name, flags, 0): a descriptor, or -1. */
    public static int shmOpen(String name, int flags) throws Throwable {
        try (Arena a = Arena.ofConfined()) {
            return (int) SHM_OPEN.invokeExact(a.allocateFrom(name), flags, 0);
        }
    }

    public static int close(int fd) throws Throwable {
        return (int) CLOSE.invokeExact(fd);
    }

    public static long lseek(int fd, long offset, int whence) throws Throwable {
        return (long) LSEEK.invokeExact(fd, offset, whence);
    }

    public static int getpagesize() throws Throwable {
        return (int) GETPAGESIZE.invokeExact();
    }
}
