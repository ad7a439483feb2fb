package io.github.jmmap.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The clause a refused map's message ends with, per OS (Windows' and macOS' are never executed there). */
class MapLimitHintTest {

    @Test
    void macosAndOtherOsesNameUlimitV() {
        assertEquals("; mapping 4096 bytes: the process may have reached its limit of virtual address space (ulimit -v)",
                Errors.mapLimitHint(Os.MACOS, 4096));
        assertEquals(Errors.mapLimitHint(Os.MACOS, 4096), Errors.mapLimitHint(Os.OTHER, 4096));
    }

    @Test
    void windowsNamesAddressSpaceAndTheCommitLimit() {
        assertEquals("; mapping 65536 bytes: the process may lack free virtual address space, or the system its commit"
                + " limit (paging file size)", Errors.mapLimitHint(Os.WINDOWS, 65536));
        assertEquals("; the process may lack free virtual address space, or the system its commit limit (paging file"
                + " size)", Errors.mapLimitHint(Os.WINDOWS, 0), "MapViewOfFile's length 0 (the whole object)");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void linuxNamesVmMaxMapCountWithItsValueAndUlimitV() {
        String hint = Errors.mapLimitHint(Os.LINUX, 8192);
        assertTrue(hint.matches("; mapping 8192 bytes: the process may have reached its limit of memory maps \\(sysctl"
                + " vm\\.max_map_count = \\d+, this process has \\d+\\) or of virtual address space \\(ulimit -v\\)"), hint);
    }
}
