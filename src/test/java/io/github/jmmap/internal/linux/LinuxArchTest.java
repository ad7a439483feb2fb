package io.github.jmmap.internal.linux;

import io.github.jmmap.internal.TestLibc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-architecture Linux open flags: the table, and the running kernel agreeing with it. */
class LinuxArchTest {

    @Test
    void theValuesAreTheKernelHeaders() {
        // include/uapi/asm-generic/fcntl.h
        assertEquals(0200000, LinuxArch.of("amd64").oDirectory());
        assertEquals(0400000, LinuxArch.of("x86_64").oNofollow());
        // arch/arm64/include/uapi/asm/fcntl.h
        assertEquals(040000, LinuxArch.of("aarch64").oDirectory());
        assertEquals(0100000, LinuxArch.of("aarch64").oNofollow());
        assertNull(LinuxArch.of("s390x"));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void theRunningKernelAgrees() throws Throwable {
        LinuxArch arch = LinuxArch.current();
        assertNotNull(arch, "no LinuxArch for " + System.getProperty("os.arch"));
        assertEquals(arch.oNofollow(), LinuxProvider.table().build().constantOrNull("O_NOFOLLOW"));
        Path dir = Files.createTempDirectory("jmmap-arch-");
        Path file = Files.write(dir.resolve("f"), new byte[1]);
        Path link = Files.createSymbolicLink(dir.resolve("l"), file);
        try {
            int fd = TestLibc.open(link.toString(), 0);
            assertTrue(fd >= 0, "the link opens without O_NOFOLLOW");
            assertEquals(0, TestLibc.close(fd));
            assertEquals(-1, TestLibc.open(link.toString(), arch.oNofollow()), "O_NOFOLLOW refuses the link (ELOOP)");
            assertEquals(-1, TestLibc.open(file.toString(), arch.oDirectory()), "O_DIRECTORY refuses a file (ENOTDIR)");
            fd = TestLibc.open(dir.toString(), arch.oDirectory());
            assertTrue(fd >= 0, "O_DIRECTORY opens a directory");
            assertEquals(0, TestLibc.close(fd));
        } finally {
            Files.delete(link);
            Files.delete(file);
            Files.delete(dir);
        }
    }
}
