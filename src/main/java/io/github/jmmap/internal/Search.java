package io.github.jmmap.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Substring search over a segment, eight candidate positions at a time: a word-wide test for the
 * needle's first and last bytes (SWAR) picks candidates, which are then compared in full. It
 * reads only bytes inside {@code [from, to)}.
 */
public final class Search {
    private static final ValueLayout.OfLong LONG_LE =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;

    private Search() {
    }

    /** 0x80 in each byte of {@code x} that is zero, 0 elsewhere (exact: no false positives). */
    private static long zeroBytes(long x) {
        long t = (x & LOW7) + LOW7;
        return ~(t | x | LOW7);
    }

    /** The first index {@code >= from} where {@code needle} starts and ends before {@code to}, or -1. */
    public static long indexOf(MemorySegment s, long from, long to, byte[] needle) {
        int n = needle.length;
        if (n == 0) {
            return from <= to ? from : -1;
        }
        long last = to - n;            // last possible start
        if (last < from) {
            return -1;
        }
        byte first = needle[0];
        byte end = needle[n - 1];
        long firstPattern = (first & 0xFFL) * ONES;
        long endPattern = (end & 0xFFL) * ONES;
        long i = from;
        while (i + 7 <= last) {
            long a = s.get(LONG_LE, i) ^ firstPattern;
            long b = s.get(LONG_LE, i + n - 1) ^ endPattern;
            long mask = zeroBytes(a) & zeroBytes(b);
            while (mask != 0) {
                long p = i + (Long.numberOfTrailingZeros(mask) >>> 3);
                if (matchesMiddle(s, p, needle)) {
                    return p;
                }
                mask &= mask - 1;
            }
            i += 8;
        }
        for (; i <= last; i++) {
            if (s.get(ValueLayout.JAVA_BYTE, i) == first && s.get(ValueLayout.JAVA_BYTE, i + n - 1) == end
                    && matchesMiddle(s, i, needle)) {
                return i;
            }
        }
        return -1;
    }

    /** The last index {@code >= from} where {@code needle} starts and ends before {@code to}, or -1. */
    public static long lastIndexOf(MemorySegment s, long from, long to, byte[] needle) {
        int n = needle.length;
        if (n == 0) {
            return from <= to ? to : -1;
        }
        long last = to - n;
        if (last < from) {
            return -1;
        }
        byte first = needle[0];
        byte end = needle[n - 1];
        long firstPattern = (first & 0xFFL) * ONES;
        long endPattern = (end & 0xFFL) * ONES;
        long i = last;                 // candidates (i-7 .. i], highest first
        while (i - 7 >= from) {
            long base = i - 7;
            long a = s.get(LONG_LE, base) ^ firstPattern;
            long b = s.get(LONG_LE, base + n - 1) ^ endPattern;
            long mask = zeroBytes(a) & zeroBytes(b);
            while (mask != 0) {
                int bit = 63 - Long.numberOfLeadingZeros(mask);
                long p = base + (bit >>> 3);
                if (matchesMiddle(s, p, needle)) {
                    return p;
                }
                mask &= ~(1L << bit);
            }
            i -= 8;
        }
        for (; i >= from; i--) {
            if (s.get(ValueLayout.JAVA_BYTE, i) == first && s.get(ValueLayout.JAVA_BYTE, i + n - 1) == end
                    && matchesMiddle(s, i, needle)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether bytes 1 .. n-2 of the needle match at {@code p} (first and last are known to match). */
    private static boolean matchesMiddle(MemorySegment s, long p, byte[] needle) {
        int n = needle.length;
        int k = 1;
        for (; k + 8 <= n - 1; k += 8) {
            if (s.get(LONG_LE, p + k) != littleEndianLong(needle, k)) {
                return false;
            }
        }
        for (; k < n - 1; k++) {
            if (s.get(ValueLayout.JAVA_BYTE, p + k) != needle[k]) {
                return false;
            }
        }
        return true;
    }

    private static long littleEndianLong(byte[] b, int k) {
        return (b[k] & 0xFFL) | (b[k + 1] & 0xFFL) << 8 | (b[k + 2] & 0xFFL) << 16 | (b[k + 3] & 0xFFL) << 24
                | (b[k + 4] & 0xFFL) << 32 | (b[k + 5] & 0xFFL) << 40 | (b[k + 6] & 0xFFL) << 48
                | (b[k + 7] & 0xFFL) << 56;
    }
}
