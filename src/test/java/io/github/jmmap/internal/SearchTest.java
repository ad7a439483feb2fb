package io.github.jmmap.internal;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Search against a naive search, on both of its paths (SWAR for short needles or ranges, the
 * 2-gram skip for long ones), over data with few distinct bytes so that candidates, hash
 * collisions and near misses are frequent, and with needles planted near the range's edges.
 */
class SearchTest {

    private static long naive(byte[] hay, long from, long to, byte[] needle, boolean forward) {
        int n = needle.length;
        long first = forward ? from : to - n;
        long step = forward ? 1 : -1;
        for (long i = first; forward ? i <= to - n : i >= from; i += step) {
            boolean ok = true;
            for (int k = 0; k < n && ok; k++) {
                ok = hay[(int) (i + k)] == needle[k];
            }
            if (ok) {
                return i;
            }
        }
        return -1;
    }

    private static void check(byte[] hay, long from, long to, byte[] needle) {
        try (Arena arena = Arena.ofConfined()) {
            // a segment exactly [from, to) wide, so any read outside the range fails
            MemorySegment whole = arena.allocate(hay.length);
            MemorySegment.copy(hay, 0, whole, ValueLayout.JAVA_BYTE, 0, hay.length);
            MemorySegment s = whole.asSlice(from, to - from);
            long expectF = naive(hay, from, to, needle, true);
            long expectB = naive(hay, from, to, needle, false);
            assertEquals(expectF < 0 ? -1 : expectF - from, Search.indexOf(s, 0, to - from, needle),
                    "indexOf, needle " + needle.length + ", range " + (to - from));
            assertEquals(expectB < 0 ? -1 : expectB - from, Search.lastIndexOf(s, 0, to - from, needle),
                    "lastIndexOf, needle " + needle.length + ", range " + (to - from));
        }
    }

    @Test
    void agreesWithANaiveSearch_onSmallAlphabets_forEveryNeedleLength() {
        Random r = new Random(7);
        for (int alphabet : new int[] {2, 3, 16, 256}) {
            for (int round = 0; round < 60; round++) {
                int size = Search.SKIP_MIN_RANGE > 0 && round % 3 == 0 ? 64 + r.nextInt(200)
                        : (int) Search.SKIP_MIN_RANGE + r.nextInt(20_000);
                byte[] hay = new byte[size];
                for (int i = 0; i < size; i++) {
                    hay[i] = (byte) ('a' + r.nextInt(alphabet));
                }
                int n = 1 + r.nextInt(round % 2 == 0 ? 12 : 300);
                byte[] needle = new byte[Math.min(n, size)];
                int plant = r.nextInt(4);
                if (plant == 0) {              // a random needle, usually absent for big alphabets
                    for (int k = 0; k < needle.length; k++) {
                        needle[k] = (byte) ('a' + r.nextInt(alphabet));
                    }
                } else {                       // copied from the haystack: near an edge, or anywhere
                    int at = plant == 1 ? 0 : plant == 2 ? size - needle.length : r.nextInt(size - needle.length + 1);
                    System.arraycopy(hay, at, needle, 0, needle.length);
                }
                check(hay, 0, size, needle);
                int from = r.nextInt(Math.max(1, size / 4));
                int to = size - r.nextInt(Math.max(1, size / 4));
                if (to >= from) {
                    check(hay, from, to, needle);
                }
            }
        }
    }

    @Test
    void findsANeedleWhoseTwoGramsAllCollideOrRepeat() {
        byte[] hay = new byte[10_000];
        java.util.Arrays.fill(hay, (byte) 'x');
        byte[] needle = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxy".getBytes();
        check(hay, 0, hay.length, needle);                      // absent: x...x never ends in y
        hay[9_999] = 'y';
        check(hay, 0, hay.length, needle);                      // at the very end
        hay[9_999] = 'x';
        hay[needle.length - 1] = 'y';
        check(hay, 0, hay.length, needle);                      // at the very start
    }

    @Test
    void longNeedlesSkipAtMostTheTableCap() {
        Random r = new Random(11);
        byte[] hay = new byte[50_000];
        r.nextBytes(hay);
        for (int n : new int[] {127, 128, 129, 255, 256, 257, 1000}) {
            byte[] needle = new byte[n];
            System.arraycopy(hay, 31_000, needle, 0, n);
            check(hay, 0, hay.length, needle);
            System.arraycopy(hay, 7, needle, 0, n);
            check(hay, 0, hay.length, needle);
        }
    }
}
