package io.github.jmmap.internal.windows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** 64-bit sizes and offsets as DWORD pairs, checked on every OS. */
class DwordTest {

    @Test
    void splitsAtBit32() {
        assertEquals(0, Dword.high(0));
        assertEquals(0, Dword.low(0));
        assertEquals(0, Dword.high(0xFFFF_FFFFL));
        assertEquals(-1, Dword.low(0xFFFF_FFFFL));            // DWORD 0xFFFFFFFF in a Java int
        assertEquals(1, Dword.high(1L << 32));
        assertEquals(0, Dword.low(1L << 32));
        assertEquals(1, Dword.high((1L << 32) + 5));
        assertEquals(5, Dword.low((1L << 32) + 5));
        assertEquals(0, Dword.high((1L << 31)));
        assertEquals(Integer.MIN_VALUE, Dword.low(1L << 31));
    }

    @Test
    void sixGiBAndTheLargestValue() {
        assertEquals(1, Dword.high(6L << 30));
        assertEquals((int) (2L << 30), Dword.low(6L << 30));
        assertEquals(0x7FFF_FFFF, Dword.high(Long.MAX_VALUE));
        assertEquals(-1, Dword.low(Long.MAX_VALUE));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 4095, 65536, (1L << 31) - 1, 1L << 31, (1L << 32) - 1, 1L << 32, (1L << 32) + 1,
            5L << 30, 1L << 40, Long.MAX_VALUE})
    void joinUndoesTheSplit(long value) {
        assertEquals(value, Dword.join(Dword.high(value), Dword.low(value)));
    }

    @Test
    void negativeValuesAreRefused() {
        assertEquals("a size or offset must be >= 0, got -1",
                assertThrows(IllegalArgumentException.class, () -> Dword.high(-1)).getMessage());
        assertEquals("a size or offset must be >= 0, got -1",
                assertThrows(IllegalArgumentException.class, () -> Dword.low(-1)).getMessage());
    }
}
