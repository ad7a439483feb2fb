package io.github.jmmap.internal.posix;

/**
 * Where {@code fstat} puts the fields jmmap reads, for an OS whose sizes come from fstat
 * because lseek cannot give them (xnu's lseek answers ESPIPE for a shm descriptor:
 * bsd/vfs/vfs_syscalls.c, {@code fp_getfvp} fails with ENOTSUP for anything but a vnode).
 * The offsets come from the OS's generated {@code struct stat}, whose layout must match the
 * CPU the table is used on.
 *
 * <pre>{@code
 * new StatLayout(stat.layout().byteSize(), stat.st_size$offset(), stat.st_mode$offset(), 2, S_IFMT())
 * }</pre>
 *
 * @param byteSize   {@code sizeof(struct stat)}
 * @param sizeOffset offset of {@code st_size} (a 64-bit off_t)
 * @param modeOffset offset of {@code st_mode}
 * @param modeBytes  width of {@code st_mode}: 2 (Darwin's 16-bit mode_t) or 4
 * @param typeMask   S_IFMT, the file-type bits of {@code st_mode}
 */
public record StatLayout(long byteSize, long sizeOffset, long modeOffset, int modeBytes, int typeMask) {
    public StatLayout {
        if (modeBytes != 2 && modeBytes != 4) {
            throw new IllegalArgumentException("modeBytes must be 2 or 4, got " + modeBytes);
        }
        if (sizeOffset < 0 || sizeOffset + 8 > byteSize || modeOffset < 0 || modeOffset + modeBytes > byteSize) {
            throw new IllegalArgumentException("st_size at " + sizeOffset + " or st_mode at " + modeOffset
                    + " does not fit in a struct stat of " + byteSize + " bytes");
        }
    }
}
