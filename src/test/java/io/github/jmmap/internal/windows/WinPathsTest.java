package io.github.jmmap.internal.windows;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The path CreateFileW gets, checked on every OS (no native code involved). */
class WinPathsTest {
    private static final String LONG_DIR = "C:\\Users\\runner\\AppData\\Local\\Temp\\" + "d".repeat(200);

    @Test
    void shortPathsPassAsTheyAreForWin32ToParse() {
        assertEquals("C:\\a\\..\\b.bin", WinPaths.forWin32("C:\\a\\..\\b.bin"));
        assertEquals("\\\\server\\share\\x.bin", WinPaths.forWin32("\\\\server\\share\\x.bin"));
    }

    /** With \\?\ Win32 no longer removes "." and "..": a long path with them must be normalized first. */
    @Test
    void longPathsAreNormalizedBeforeThePrefixTurnsParsingOff() {
        String path = LONG_DIR + "\\sub\\..\\.\\file.bin";
        assertEquals("\\\\?\\" + LONG_DIR + "\\file.bin", WinPaths.forWin32(path));
        assertEquals("\\\\?\\" + LONG_DIR + "\\file.bin", WinPaths.forWin32(LONG_DIR + "\\\\file.bin"));
    }

    @Test
    void longUncPathsGetTheUncPrefixAndKeepServerAndShare() {
        String share = "\\\\server\\share";
        String rest = "\\" + "e".repeat(240) + "\\x\\..\\f.bin";
        assertEquals("\\\\?\\UNC\\server\\share\\" + "e".repeat(240) + "\\f.bin", WinPaths.forWin32(share + rest));
        assertEquals("\\\\?\\UNC\\server\\share\\f.bin",
                WinPaths.forWin32(share + "\\..\\..\\" + "g".repeat(240) + "\\..\\f.bin"), "'..' stops at the share");
    }

    @Test
    void dotDotAtTheRootStaysAtTheRootAsWin32Does() {
        assertEquals("\\\\?\\C:\\f.bin", WinPaths.forWin32("C:\\..\\" + "h".repeat(240) + "\\..\\..\\f.bin"));
    }

    @Test
    void prefixedPathsAreLeftAlone() {
        String p = "\\\\?\\" + LONG_DIR + "\\..\\x";
        assertEquals(p, WinPaths.forWin32(p));
    }

    /** GetMappedFileNameW's NT name is opened through \\?\GLOBALROOT to compare it with ours. */
    @Test
    void ntNamesAreOpenedThroughGlobalRoot() {
        assertEquals("\\\\?\\GLOBALROOT\\Device\\HarddiskVolume3\\x.bin",
                WinPaths.globalRoot("\\Device\\HarddiskVolume3\\x.bin"));
    }
}
