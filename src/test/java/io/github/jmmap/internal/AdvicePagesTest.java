package io.github.jmmap.internal;

import io.github.jmmap.Access;
import io.github.jmmap.Advice;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The one rounding rule of every provider ({@link Region#advicePages}), on plain memory: what
 * POSIX madvise and Windows' VirtualUnlock are given, also for a Windows view whose user window
 * starts up to 64 KiB (the allocation granularity) into the mapping.
 */
class AdvicePagesTest {
    private static final long P = 4096;

    /** [offset into the mapping, length] of the pages given for the advice. */
    private static long[] pages(Advice a, Access access, long mappingLength, long delta, long off, long len) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mapping = arena.allocate(mappingLength, P);
            MemorySegment s = Region.advicePages(a, access, mapping, delta, P, off, len);
            return new long[]{s.byteSize() == 0 ? -1 : s.address() - mapping.address(), s.byteSize()};
        }
    }

    private static void assertPages(long start, long length, long[] actual) {
        assertEquals(start + ", " + length, actual[0] + ", " + actual[1]);
    }

    @Test
    void discardingAdviceGetsOnlyTheWholePagesInsideTheUsersWindow() {
        // a 50-byte window at file offset 100: the mapping is [0, 150), no whole page
        assertPages(-1, 0, pages(Advice.REMOVE, Access.WRITE, 150, 100, 0, 50));
        assertPages(-1, 0, pages(Advice.REMOVE, Access.WRITE, 2 * P, 0, 10, 5));
        assertPages(-1, 0, pages(Advice.REMOVE, Access.WRITE, 2 * P, 0, P - 1, 2));
        assertPages(-1, 0, pages(Advice.DONT_NEED, Access.COPY, 2 * P, 0, P - 96, 1));
        assertPages(P, P, pages(Advice.REMOVE, Access.WRITE, 2 * P, 0, P - 1, P + 1));
        assertPages(0, 2 * P, pages(Advice.FREE, Access.COPY, 2 * P, 0, 0, 2 * P));
        // window [100, 3P - 100) of a mapping of 3P - 100 bytes from 0: page [P, 2P) only
        assertPages(P, P, pages(Advice.REMOVE, Access.WRITE, 3 * P - 100, 100, 0, 3 * P - 200));
        // a Windows view: the window starts 65536 - 10 bytes into the mapping
        long delta = 65536 - 10;
        assertPages(65536, 2 * P, pages(Advice.DONT_NEED, Access.COPY, delta + 3 * P, delta, 0, 2 * P + 10));
        assertPages(-1, 0, pages(Advice.DONT_NEED, Access.COPY, delta + 3 * P, delta, 0, P));
    }

    @Test
    void hintsGetEveryPageTheRangeTouches() {
        assertPages(0, 150, pages(Advice.WILL_NEED, Access.WRITE, 150, 100, 0, 50));
        assertPages(0, P + 1, pages(Advice.DONT_NEED, Access.WRITE, 2 * P, 0, P - 1, 2));
        assertPages(0, 15, pages(Advice.SEQUENTIAL, Access.READ, 2 * P, 0, 10, 5));
        long delta = 65536 - 10;
        assertPages(65536 - P, 2 * P - 10, pages(Advice.DONT_NEED, Access.WRITE, delta + 3 * P, delta, 0, P));
    }
}
