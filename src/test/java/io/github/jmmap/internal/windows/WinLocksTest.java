package io.github.jmmap.internal.windows;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The working-set arithmetic behind lock(), checked on every OS (no native code involved). */
class WinLocksTest {
    static final long PAGE = 4096;
    /** Windows' defaults: 50 and 345 pages. */
    static final long MIN = 50 * PAGE;
    static final long MAX = 345 * PAGE;

    @Test
    void raisingMakesRoomForTheBytesToLock() {
        assertArrayEquals(new long[] {MIN + (4 << 20), MAX + (4 << 20)}, WinLocks.raised(MIN, MAX, 4 << 20));
        assertArrayEquals(new long[] {MAX + PAGE, MAX + PAGE}, WinLocks.raised(MAX, MIN, PAGE), "max never below min");
    }

    @Test
    void loweringGivesBackWhatWasAddedAndNoMore() {
        long[] up = WinLocks.raised(MIN, MAX, 4 << 20);
        assertArrayEquals(new long[] {MIN, MAX}, WinLocks.lowered(up[0], up[1], 4 << 20, PAGE));
        assertArrayEquals(new long[] {20 * PAGE, 20 * PAGE}, WinLocks.lowered(MIN, MAX, 1L << 30, PAGE),
                "never below the 20 pages Windows documents as the smallest minimum");
    }

    @Test
    void theRefusalNamesTheLimit() {
        assertEquals("cannot lock 4194304 bytes of anonymous: VirtualLock is bounded by the process's minimum working"
                + " set, and raising it to 4399104 bytes (maximum 5607424) was not enough",
                WinLocks.refused("anonymous", 4 << 20, MIN + (4 << 20), MAX + (4 << 20)));
    }
}
