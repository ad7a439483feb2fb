package io.github.jmmap.internal.windows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Windows tagname rules, checked on every OS (no native code involved). */
class WinNamesTest {

    @ParameterizedTest(name = "\"{0}\" is accepted")
    @ValueSource(strings = {"a", "jobs", "Local\\jobs", "Global\\jobs", "local\\jobs", "GLOBAL\\jobs", "a/b", "/lead",
            ".", "..", "Local\\a/b", "名前", "with space"})
    void validNamesPass(String name) {
        assertDoesNotThrow(() -> WinNames.check(name));
    }

    @Test
    void theLongestNameIsMaxPath() {
        assertDoesNotThrow(() -> WinNames.check("x".repeat(260)));
        assertDoesNotThrow(() -> WinNames.check("Local\\" + "x".repeat(254)));
        assertEquals("tagname is 261 characters long; windows allows at most 260: \"" + "x".repeat(261) + "\"",
                assertThrows(IllegalArgumentException.class, () -> WinNames.check("x".repeat(261))).getMessage());
        assertEquals("tagname is 261 characters long; windows allows at most 260: \"Local\\" + "x".repeat(255) + "\"",
                assertThrows(IllegalArgumentException.class,
                        () -> WinNames.check("Local\\" + "x".repeat(255))).getMessage());
    }

    @Test
    void badNamesAreRefusedClearly() {
        assertEquals("tagname", assertThrows(NullPointerException.class, () -> WinNames.check(null)).getMessage());
        assertEquals("tagname must not be empty",
                assertThrows(IllegalArgumentException.class, () -> WinNames.check("")).getMessage());
        assertEquals("tagname must not contain a NUL character",
                assertThrows(IllegalArgumentException.class, () -> WinNames.check("a\0b")).getMessage());
        assertEquals("tagname must not be a namespace prefix alone: \"Local\\\"",
                assertThrows(IllegalArgumentException.class, () -> WinNames.check("Local\\")).getMessage());
        assertEquals("tagname must not be a namespace prefix alone: \"Global\\\"",
                assertThrows(IllegalArgumentException.class, () -> WinNames.check("Global\\")).getMessage());
        for (String bad : new String[] {"a\\b", "\\lead", "trail\\", "Local\\a\\b", "Session\\1\\x", "Locale\\x"}) {
            assertEquals("tagname must not contain a backslash other than in a Local\\ or Global\\ prefix: \"" + bad
                    + "\"", assertThrows(IllegalArgumentException.class, () -> WinNames.check(bad)).getMessage(), bad);
        }
    }

    @Test
    void prefixLengths() {
        assertEquals(6, WinNames.prefixLength("Local\\x"));
        assertEquals(7, WinNames.prefixLength("Global\\x"));
        assertEquals(6, WinNames.prefixLength("LOCAL\\x"));
        assertEquals(0, WinNames.prefixLength("Local"));
        assertEquals(0, WinNames.prefixLength("x\\Local\\"));
    }
}
