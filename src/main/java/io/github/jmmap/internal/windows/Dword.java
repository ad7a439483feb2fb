package io.github.jmmap.internal.windows;

/**
 * Win32 passes 64-bit sizes and offsets as two DWORDs (CreateFileMappingW's
 * {@code dwMaximumSizeHigh/Low}, MapViewOfFile's {@code dwFileOffsetHigh/Low}); DWORD is unsigned,
 * Java's int carries its 32 bits.
 */
final class Dword {
    private Dword() {
    }

    /** The high 32 bits of a non-negative 64-bit value. */
    static int high(long value) {
        requireNonNegative(value);
        return (int) (value >>> 32);
    }

    /** The low 32 bits of a non-negative 64-bit value. */
    static int low(long value) {
        requireNonNegative(value);
        return (int) value;
    }

    /** The 64-bit value of a DWORD pair. */
    static long join(int high, int low) {
        return ((long) high << 32) | (low & 0xFFFF_FFFFL);
    }

    private static void requireNonNegative(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("a size or offset must be >= 0, got " + value);
        }
    }
}
