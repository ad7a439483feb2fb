package io.github.jmmap.internal.windows;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The decisions about existing mapping objects, checked on every OS (no native code involved). */
class WinSectionsTest {
    static final int MEM_COMMIT = 0x1000;
    static final int MEM_RESERVE = 0x2000;
    static final long BASE = 0x7FF0_0000_0000L;

    @Test
    void theSectionFlagsHaveTheirWinntValues() {
        assertEquals(0x0080_0000, WinSections.SEC_FILE);
        assertEquals(0x0400_0000, WinSections.SEC_RESERVE);
        assertEquals(0x0001, WinSections.SECTION_QUERY);
    }

    /** A 100-byte file's section: VirtualQuery says 4096, but bytes 100..4095 would never reach the file. */
    @Test
    void theExactSizeWinsOverThePageRoundedRegion() throws IOException {
        WinSections.Info file = new WinSections.Info(100, WinSections.SEC_FILE | 0x0800_0000);
        assertFalse(WinSections.needsCommitCheck(file));
        assertEquals(100, WinSections.usable(file, WinSections.UNKNOWN, "t"));
        assertEquals(100, WinSections.usable(file, 4096, "t"));
        assertTrue(file.fileBacked());
    }

    @Test
    void aReservedObjectIsCappedAtItsCommittedStart() throws IOException {
        WinSections.Info reserved = new WinSections.Info(1 << 20, WinSections.SEC_RESERVE);
        assertTrue(WinSections.needsCommitCheck(reserved));
        assertEquals(8192, WinSections.usable(reserved, 8192, "t"));
        IOException e = assertThrows(IOException.class, () -> WinSections.usable(reserved, 0, "tagname \"t\""));
        assertEquals("cannot map tagname \"t\": its first page is reserved, not committed (an object created with"
                + " SEC_RESERVE), and touching it would crash the process", e.getMessage());
    }

    @Test
    void withoutSectionQueryTheCommittedPagesAreAllThereIs() throws IOException {
        assertTrue(WinSections.needsCommitCheck(null));
        assertEquals(4096, WinSections.usable(null, 4096, "t"));
        assertThrows(IOException.class, () -> WinSections.usable(null, 0, "t"));
    }

    @Test
    void theCommittedWalkStopsAtReservedPagesAndAtTheEndOfTheView() {
        Map<Long, long[]> regions = new HashMap<>();
        regions.put(BASE, new long[] {BASE, MEM_COMMIT, 8192});
        regions.put(BASE + 8192, new long[] {BASE, MEM_COMMIT, 4096});     // other protection, still committed
        regions.put(BASE + 12288, new long[] {BASE, MEM_RESERVE, 1 << 20});
        assertEquals(12288, WinSections.committedPrefix(BASE, MEM_COMMIT, regions::get));
        regions.put(BASE + 12288, new long[] {BASE + 12288, MEM_COMMIT, 4096});   // the next allocation
        assertEquals(12288, WinSections.committedPrefix(BASE, MEM_COMMIT, regions::get));
        regions.put(BASE, new long[] {BASE, MEM_RESERVE, 8192});
        assertEquals(0, WinSections.committedPrefix(BASE, MEM_COMMIT, regions::get));
        assertEquals(0, WinSections.committedPrefix(BASE, MEM_COMMIT, a -> null), "VirtualQuery failed");
    }

    @Test
    void anObjectFoundByAFileTagnameMustHoldTheMap() {
        assertNull(WinSections.tooSmall("t", 100, 100, "p.bin"));
        assertEquals("tagname \"t\" names an existing mapping object of 100 bytes; mapping q.bin needs offset + length"
                + " = 10000 bytes", WinSections.tooSmall("t", 100, 10_000, "q.bin"));
    }

    @Test
    void anObjectFoundByAFileTagnameMustBeThatFilesOwn() {
        String p = "\\Device\\HarddiskVolume3\\data\\p.bin";
        assertNull(WinSections.otherBacking("t", p, "\\DEVICE\\HarddiskVolume3\\Data\\P.BIN", "p.bin"));
        assertEquals("tagname \"t\" names an existing mapping object of another file (" + p + "), not of q.bin"
                + " (\\Device\\HarddiskVolume3\\data\\q.bin)",
                WinSections.otherBacking("t", p, "\\Device\\HarddiskVolume3\\data\\q.bin", "q.bin"));
        assertEquals("tagname \"t\" names an existing mapping object that is not backed by a file (pagefile memory),"
                + " not one of p.bin", WinSections.otherBacking("t", null, p, "p.bin"));
    }

    @Test
    void anObjectIsHeldElsewhereWhenItHasMoreHandlesThanOurs() {
        assertFalse(WinSections.heldElsewhere(2, 2));
        assertTrue(WinSections.heldElsewhere(3, 2));
        assertFalse(WinSections.heldElsewhere(-1, 1), "unknown: the caller checks another way");
    }
}
