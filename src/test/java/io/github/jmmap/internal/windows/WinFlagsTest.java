package io.github.jmmap.internal.windows;

import io.github.jmmap.Access;
import io.github.jmmap.internal.GeneratedSources;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Access to Win32 flags, checked on every OS with the constants read from the generated
 * Kernel32 source (the class itself cannot be initialised off Windows).
 */
class WinFlagsTest {
    private static Map<String, Integer> k;
    private static WinFlags f;

    @BeforeAll
    static void constants() {
        k = GeneratedSources.intConstants("windows", "Kernel32.java");
        f = WinFlags.of(k::get);
    }

    private static int c(String name) {
        return k.get(name);
    }

    @Test
    void theGeneratedConstantsHaveTheirWindowsValues() {
        // winnt.h / memoryapi.h: fixed by the Windows ABI; a wrong parse or header shows here
        assertEquals(0x02, c("PAGE_READONLY"));
        assertEquals(0x04, c("PAGE_READWRITE"));
        assertEquals(0x08, c("PAGE_WRITECOPY"));
        assertEquals(0x04, c("FILE_MAP_READ"));
        assertEquals(0x02, c("FILE_MAP_WRITE"));
        assertEquals(0x01, c("FILE_MAP_COPY"));
        assertEquals(0x8000_0000, c("GENERIC_READ"));
        assertEquals(0x4000_0000, c("GENERIC_WRITE"));
        assertEquals(0x07, c("FILE_SHARE_READ") | c("FILE_SHARE_WRITE") | c("FILE_SHARE_DELETE"));
        assertEquals(183, c("ERROR_ALREADY_EXISTS"));
        assertEquals(1224, c("ERROR_USER_MAPPED_FILE"));
        assertEquals(6, c("FileEndOfFileInfo"));
    }

    @Test
    void readMapsReadOnlyFromAReadOnlyFile() {
        assertEquals(c("GENERIC_READ"), f.fileAccess(Access.READ));
        assertEquals(c("PAGE_READONLY"), f.fileSectionProtection(Access.READ));
        assertEquals(c("FILE_MAP_READ"), f.viewAccess(Access.READ));
        assertEquals(c("FILE_MAP_READ"), f.openAccess(Access.READ));
        assertEquals(c("PAGE_READONLY"), f.viewProtection(Access.READ));
    }

    @Test
    void writeAndDefaultMapReadWrite() {
        for (Access a : new Access[] {Access.WRITE, Access.DEFAULT}) {
            assertEquals(c("GENERIC_READ") | c("GENERIC_WRITE"), f.fileAccess(a));
            assertEquals(c("PAGE_READWRITE"), f.fileSectionProtection(a));
            assertEquals(c("FILE_MAP_READ") | c("FILE_MAP_WRITE"), f.viewAccess(a));
            assertEquals(c("FILE_MAP_READ") | c("FILE_MAP_WRITE"), f.openAccess(a));
            assertEquals(c("PAGE_READWRITE"), f.viewProtection(a));
        }
    }

    @Test
    void copyIsCopyOnWriteOfAFileOpenedForReading() {
        assertEquals(c("GENERIC_READ"), f.fileAccess(Access.COPY));
        assertEquals(c("PAGE_WRITECOPY"), f.fileSectionProtection(Access.COPY));
        assertEquals(c("FILE_MAP_COPY"), f.viewAccess(Access.COPY));
        assertEquals(c("FILE_MAP_READ"), f.openAccess(Access.COPY));
        assertEquals(c("PAGE_WRITECOPY"), f.viewProtection(Access.COPY));
    }

    @Test
    void pagefileObjectsAreReadWriteAndFilesAreShared() {
        assertEquals(c("PAGE_READWRITE"), f.pagefileSectionProtection());
        assertEquals(c("FILE_SHARE_READ") | c("FILE_SHARE_WRITE") | c("FILE_SHARE_DELETE"), f.shareMode());
    }
}
