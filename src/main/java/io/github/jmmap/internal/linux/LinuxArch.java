package io.github.jmmap.internal.linux;

import java.util.Locale;

/**
 * The Linux constants that differ between CPU architectures, where the generated {@code LinuxC}
 * (jextract run on x86_64 headers) would be wrong. Every other constant the Linux provider uses
 * was checked to be the same on x86_64 and aarch64: PROT_*, MAP_* and MADV_* (both include
 * asm-generic/mman.h and mman-common.h), errno values (asm-generic/errno.h), O_RDONLY, O_RDWR,
 * O_CREAT, O_EXCL, O_CLOEXEC (asm-generic/fcntl.h), MREMAP_MAYMOVE, MS_*, and glibc's
 * _SC_PAGESIZE, S_IRUSR/S_IWUSR and NAME_MAX. jmmap reads no {@code struct stat} on Linux (sizes
 * come from lseek), whose layout does differ (x86_64 has its own; aarch64 uses asm-generic's).
 *
 * <pre>{@code
 * int nofollow = LinuxArch.current().oNofollow();   // 0400000 on x86_64, 0100000 on aarch64
 * }</pre>
 */
public enum LinuxArch {
    /** x86_64: include/uapi/asm-generic/fcntl.h's defaults. */
    X86_64(0200000, 0400000),
    /** aarch64: arch/arm64/include/uapi/asm/fcntl.h overrides them (for AArch32 compatibility). */
    AARCH64(040000, 0100000);

    private final int oDirectory;
    private final int oNofollow;

    LinuxArch(int oDirectory, int oNofollow) {
        this.oDirectory = oDirectory;
        this.oNofollow = oNofollow;
    }

    /** O_DIRECTORY on this architecture. */
    public int oDirectory() {
        return oDirectory;
    }

    /** O_NOFOLLOW on this architecture. */
    public int oNofollow() {
        return oNofollow;
    }

    /** The architecture this JVM runs on, or null for one jmmap has no table for. */
    public static LinuxArch current() {
        return of(System.getProperty("os.arch", ""));
    }

    /** The architecture an {@code os.arch} value names, or null for one jmmap has no table for. */
    public static LinuxArch of(String osArch) {
        return switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> X86_64;
            case "aarch64", "arm64" -> AARCH64;
            default -> null;
        };
    }
}
