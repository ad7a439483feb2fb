package io.github.jmmap.internal.windows;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Windows tagnames must be valid Unicode: a lone surrogate is refused, a pair is one character. */
class WinNamesUnicodeTest {

    @Test
    void aLoneSurrogateIsRefusedNamingTagname() {
        assertEquals("tagname must not contain a lone surrogate (U+D800 at index 8): it is not valid Unicode",
                assertThrows(IllegalArgumentException.class, () -> WinNames.check("Local\\jm\uD800x")).getMessage());
        assertEquals("tagname must not contain a lone surrogate (U+DC00 at index 0): it is not valid Unicode",
                assertThrows(IllegalArgumentException.class, () -> WinNames.check("\uDC00\uD800")).getMessage());
        assertEquals("tagname must not contain a lone surrogate (U+DBFF at index 2): it is not valid Unicode",
                assertThrows(IllegalArgumentException.class, () -> WinNames.check("jm\uDBFF")).getMessage());
    }

    @Test
    void aSurrogatePairIsAccepted() {
        assertDoesNotThrow(() -> WinNames.check("jm\uD83D\uDE00"));
        assertDoesNotThrow(() -> WinNames.check("Global\\\uD83D\uDE00"));
    }
}
