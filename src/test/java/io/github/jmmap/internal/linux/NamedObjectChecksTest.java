package io.github.jmmap.internal.linux;

import io.github.jmmap.Access;
import io.github.jmmap.CreatePolicy;
import io.github.jmmap.internal.Handle;
import io.github.jmmap.internal.Provider;
import io.github.jmmap.internal.gen.linux.LinuxC;
import io.github.jmmap.internal.posix.PosixProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The named-object checks as macOS takes them, run on Linux with the Linux table changed the way
 * the macOS one differs: no directory of names (shm objects are no files, so nothing is checked by
 * path and no O_NOFOLLOW is passed), a 16-bit st_mode, and objects whose st_mode has no file-type
 * bits (xnu's pshm_stat), simulated with an S_IFMT of 0. The real kernel answers the rest.
 */
@EnabledOnOs(OS.LINUX)
class NamedObjectChecksTest {
    private final String name = "jmmap-checks-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    private final Path object = Path.of("/dev/shm", name);

    @AfterEach
    void unlink() throws IOException {
        Files.deleteIfExists(object);
    }

    private Provider macLike(boolean typeBits, Path shmDirectory) throws IOException {
        var table = LinuxProvider.table().constant("sizeof(st_mode)", 2);
        if (!typeBits) {
            table.constant("S_IFMT", 0);
        }
        return new PosixProvider(table.build(), LinuxC.NAME_MAX(), shmDirectory);
    }

    private void makeObject(String mode) throws IOException {
        Files.write(object, new byte[4096]);
        Files.setPosixFilePermissions(object, PosixFilePermissions.fromString(mode));
    }

    @Test
    void anObjectWithoutFileTypeBits_isAShmObjectWhereNamesAreNoFiles() throws IOException {
        makeObject("rw-------");
        try (Handle h = macLike(false, null).openNamed(name, CreatePolicy.OPEN_EXISTING, Access.WRITE)) {
            assertEquals(4096, h.size());
        }
    }

    @Test
    void anObjectWithoutFileTypeBits_isRefusedWhereNamesAreFiles() throws IOException {
        makeObject("rw-------");
        Provider p = macLike(false, Path.of("/dev/shm"));
        AccessDeniedException e = assertThrows(AccessDeniedException.class,
                () -> p.openNamed(name, CreatePolicy.OPEN_EXISTING, Access.WRITE).close());
        assertEquals(name + ": the named object is not a regular file", e.getMessage());
    }

    @Test
    void aSixteenBitMode_isReadWhole() throws IOException {
        makeObject("rw-r--r--");
        Provider p = macLike(true, null);
        AccessDeniedException e = assertThrows(AccessDeniedException.class,
                () -> p.openNamed(name, CreatePolicy.OPEN_OR_CREATE, Access.WRITE).close());
        assertEquals(name + ": the named object has mode 0644; a named map must be private to its owner (0600)",
                e.getMessage());
        assertTrue(Files.exists(object), "the refused open removed the object");
    }
}
