package io.github.jmmap.internal.posix;

/**
 * How one OS's {@code shm_open} objects behave where POSIX leaves it to the system: part of the
 * per-OS symbol table, so that {@link PosixProvider} decides from data, not from the OS's name.
 *
 * <pre>{@code
 * PosixSymbols.builder("linux").shm(ShmTraits.RESIZABLE)...
 * }</pre>
 *
 * @param cloexecFlag whether {@code shm_open}'s oflag may carry O_CLOEXEC. glibc adds it itself;
 *                    xnu marks shm descriptors close-on-exec itself (bsd/kern/posix_shm.c,
 *                    {@code fp->fp_flags |= FP_CLOEXEC}) and macOS 26.4 and later refuse the
 *                    flag with EINVAL
 * @param sizedOnce   whether an object takes one ftruncate in its lifetime and keeps that size,
 *                    rounded up to the page size (xnu's pshm_truncate: "We only allow one
 *                    ftruncate() per lifetime of the shm object"), so it can neither grow nor
 *                    shrink once sized
 * @param copyMaps    whether an object can be mapped MAP_PRIVATE (Access.COPY); xnu's pshm_mmap
 *                    refuses anything but MAP_SHARED with EINVAL
 */
public record ShmTraits(boolean cloexecFlag, boolean sizedOnce, boolean copyMaps) {
    /** Linux (glibc over tmpfs): O_CLOEXEC accepted, ftruncate at will, MAP_PRIVATE allowed. */
    public static final ShmTraits RESIZABLE = new ShmTraits(true, false, true);

    /** macOS (xnu): no O_CLOEXEC in oflag, one ftruncate per object, MAP_SHARED only. */
    public static final ShmTraits SIZED_ONCE = new ShmTraits(false, true, false);
}
