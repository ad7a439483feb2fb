package io.github.jmmap.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Substring search over a segment. It reads only bytes inside {@code [from, to)}.
 *
 * <ul>
 *   <li>Needles of {@value #SKIP_MIN_NEEDLE} bytes and more over ranges of
 *       {@value #SKIP_MIN_RANGE} bytes and more: Horspool's skip on a hashed 2-gram (the last two
 *       bytes of the window; the first two for rfind). A 2-gram that the needle lacks lets the
 *       window jump by {@code S = needle.length - 1} (at most {@value #MAX_SKIP}); the hot loop
 *       tests eight windows {@code S} apart with independent loads, so where the needle does not
 *       fit it moves {@code 8 S} bytes per step, close to the speed of memory for long needles,
 *       and it falls back to one careful Horspool step when one of the eight 2-grams occurs in
 *       the needle.</li>
 *   <li>Otherwise eight candidate positions at a time: a word-wide test for the needle's first
 *       and last bytes (SWAR) picks candidates, which are then compared in full.</li>
 * </ul>
 */
public final class Search {
    private static final ValueLayout.OfLong LONG_LE =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort SHORT_LE =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;

    /** The shortest needle searched with the skip table. */
    static final int SKIP_MIN_NEEDLE = 6;
    /** The shortest range searched with the skip table (building it costs about as much as a SWAR pass over this). */
    static final long SKIP_MIN_RANGE = 2048;
    private static final int HASH_BITS = 12;
    private static final int HASH_MASK = (1 << HASH_BITS) - 1;
    /** The longest skip: a shift fits a (signed) byte of the table. */
    private static final int MAX_SKIP = 127;

    private Search() {
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
        if (n >= SKIP_MIN_NEEDLE && to - from >= SKIP_MIN_RANGE) {
            return skipForward(s, from, last, needle);
        }
        return swarForward(s, from, last, needle);
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
        if (n >= SKIP_MIN_NEEDLE && to - from >= SKIP_MIN_RANGE) {
            return skipBackward(s, from, last, needle);
        }
        return swarBackward(s, from, last, needle);
    }

    // ------------------------------------------------------------------------------------------
    // Horspool on hashed 2-grams

    private static int hash(int twoBytesLittleEndian) {
        int v = twoBytesLittleEndian & 0xFFFF;
        return (v ^ (v >>> 5)) & HASH_MASK;
    }

    private static int hashAt(byte[] b, int k) {
        return hash((b[k] & 0xFF) | (b[k + 1] & 0xFF) << 8);
    }

    private static int hashAt(MemorySegment s, long p) {
        return hash(s.get(SHORT_LE, p));
    }

    /**
     * {@code table[h]}: how far a window may move when the 2-gram at needle offset {@code at(k)}
     * has hash {@code h}: the least {@code distance(k)} over the needle's 2-grams of that hash,
     * capped at {@code skip} (which is also the value for hashes the needle lacks).
     */
    private static byte[] table(byte[] needle, int skip, boolean forward) {
        int n = needle.length;
        byte[] table = new byte[1 << HASH_BITS];
        java.util.Arrays.fill(table, (byte) skip);
        for (int k = 0; k <= n - 2; k++) {
            int distance = forward ? n - 2 - k : k;
            int h = hashAt(needle, k);
            if (distance < (table[h] & 0xFF)) {
                table[h] = (byte) distance;
            }
        }
        return table;
    }

    /**
     * The shift after a failed candidate: the least distance of another 2-gram with the
     * candidate 2-gram's hash, else {@code skip}.
     */
    private static int afterCandidate(byte[] needle, int skip, boolean forward) {
        int n = needle.length;
        int end = forward ? hashAt(needle, n - 2) : hashAt(needle, 0);
        int best = skip;
        for (int k = 0; k <= n - 2; k++) {
            int distance = forward ? n - 2 - k : k;
            if (distance > 0 && distance < best && hashAt(needle, k) == end) {
                best = distance;
            }
        }
        return best;
    }

    private static long skipForward(MemorySegment s, long from, long last, byte[] needle) {
        int n = needle.length;
        int skip = Math.min(n - 1, MAX_SKIP);
        byte[] table = table(needle, skip, true);
        int retreat = afterCandidate(needle, skip, true);
        long tail = n - 2;                    // the 2-gram read for window i is at i + tail
        long i = from;
        long stride = 8L * skip;
        while (true) {
            // Eight windows at once while all eight 2-grams are foreign to the needle.
            while (i + 7L * skip <= last) {
                long j = i + tail;
                int a = table[hashAt(s, j)] & table[hashAt(s, j + skip)];
                int b = table[hashAt(s, j + 2L * skip)] & table[hashAt(s, j + 3L * skip)];
                int c = table[hashAt(s, j + 4L * skip)] & table[hashAt(s, j + 5L * skip)];
                int d = table[hashAt(s, j + 6L * skip)] & table[hashAt(s, j + 7L * skip)];
                if ((a & b & c & d) != skip) {
                    break;
                }
                i += stride;
            }
            if (i > last) {
                return -1;
            }
            int shift = table[hashAt(s, i + tail)];
            if (shift == 0) {
                if (matchesAll(s, i, needle)) {
                    return i;
                }
                shift = retreat;
            }
            i += shift;
            if (i > last) {
                return -1;
            }
        }
    }

    private static long skipBackward(MemorySegment s, long from, long last, byte[] needle) {
        int n = needle.length;
        int skip = Math.min(n - 1, MAX_SKIP);
        byte[] table = table(needle, skip, false);
        int retreat = afterCandidate(needle, skip, false);
        long i = last;                        // the 2-gram read for window i is at i
        long stride = 8L * skip;
        while (true) {
            while (i - 7L * skip >= from) {
                int a = table[hashAt(s, i)] & table[hashAt(s, i - skip)];
                int b = table[hashAt(s, i - 2L * skip)] & table[hashAt(s, i - 3L * skip)];
                int c = table[hashAt(s, i - 4L * skip)] & table[hashAt(s, i - 5L * skip)];
                int d = table[hashAt(s, i - 6L * skip)] & table[hashAt(s, i - 7L * skip)];
                if ((a & b & c & d) != skip) {
                    break;
                }
                i -= stride;
            }
            if (i < from) {
                return -1;
            }
            int shift = table[hashAt(s, i)];
            if (shift == 0) {
                if (matchesAll(s, i, needle)) {
                    return i;
                }
                shift = retreat;
            }
            i -= shift;
            if (i < from) {
                return -1;
            }
        }
    }

    /** Whether all of the needle is at {@code p}, eight bytes at a time. */
    private static boolean matchesAll(MemorySegment s, long p, byte[] needle) {
        int n = needle.length;
        int k = 0;
        for (; k + 8 <= n; k += 8) {
            if (s.get(LONG_LE, p + k) != littleEndianLong(needle, k)) {
                return false;
            }
        }
        for (; k < n; k++) {
            if (s.get(ValueLayout.JAVA_BYTE, p + k) != needle[k]) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------
    // SWAR: eight candidates per step

    /** 0x80 in each byte of {@code x} that is zero, 0 elsewhere (exact: no false positives). */
    private static long zeroBytes(long x) {
        long t = (x & LOW7) + LOW7;
        return ~(t | x | LOW7);
    }

    private static long swarForward(MemorySegment s, long from, long last, byte[] needle) {
        int n = needle.length;
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

    private static long swarBackward(MemorySegment s, long from, long last, byte[] needle) {
        int n = needle.length;
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
