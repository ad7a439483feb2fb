package io.github.jmmap.internal.windows;

/**
 * The working-set arithmetic behind lock() (kept free of native code so that it is tested on every
 * OS). VirtualLock can lock only as many pages as the process's minimum working set holds, less a
 * small overhead (by default 50 pages, 200 KiB); jmmap raises the minimum and the maximum by the
 * bytes to lock with SetProcessWorkingSetSizeEx, and gives them back on unlock.
 *
 * <pre>{@code
 * long[] wanted = WinLocks.raised(204_800, 1_413_120, 1 << 20);   // {1_253_376, 2_461_696}
 * }</pre>
 */
final class WinLocks {
    /** SetProcessWorkingSetSizeEx: the minimum working set is at least 20 pages. */
    static final int MIN_PAGES = 20;
    /** SetProcessWorkingSetSizeEx: the maximum working set is at least 13 pages. */
    static final int MAX_PAGES = 13;

    private WinLocks() {
    }

    /** {minimum, maximum} working-set sizes that leave room for {@code bytes} more locked memory. */
    static long[] raised(long min, long max, long bytes) {
        return new long[] {Math.addExact(min, bytes), Math.addExact(Math.max(min, max), bytes)};
    }

    /** {minimum, maximum} after {@code bytes} are given back, never below what Windows accepts. */
    static long[] lowered(long min, long max, long bytes, long pageSize) {
        long newMin = Math.max(MIN_PAGES * pageSize, min - bytes);
        long newMax = Math.max(Math.max(MAX_PAGES * pageSize, newMin), max - bytes);
        return new long[] {newMin, newMax};
    }

    /** The message when VirtualLock fails even after the working set was raised. */
    static String refused(String description, long bytes, long min, long max) {
        return "cannot lock " + bytes + " bytes of " + description + ": VirtualLock is bounded by the process's minimum"
                + " working set, and raising it to " + min + " bytes (maximum " + max + ") was not enough";
    }
}
