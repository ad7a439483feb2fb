package io.github.jmmap.reliability;

import io.github.jmmap.Access;
import io.github.jmmap.Backend;
import io.github.jmmap.CreatePolicy;
import io.github.jmmap.MemoryMap;
import io.github.jmmap.conformance.BackendDisplayNames;
import io.github.jmmap.conformance.MapTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.function.Executable;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Named maps leave nothing behind and trust nothing they find: a create that fails removes the
 * name it made (and only a name it made), and an existing object is opened only if it is a regular
 * file, reached without a symbolic link, owned by this user and private to them (mode 0600 or
 * stricter). The /dev/shm cases run on Linux, where both backends keep names there. One concrete
 * subclass per backend.
 */
@DisplayNameGeneration(BackendDisplayNames.class)
public abstract class NamedMapSafetySuite extends MapTestSupport {
    /** More than the 47-bit user address space of x86_64 and aarch64 Linux: mmap fails (ENOMEM). */
    private static final long TOO_BIG = 1L << 47;
    private static final Path SHM = Path.of("/dev/shm");

    @BeforeEach
    void namedMapsAvailable() {
        assumeTrue(backend() != Backend.JAVA || Files.isDirectory(SHM),
                "the JAVA backend has named maps only with /dev/shm");
    }

    private MemoryMap named(String t, long length, CreatePolicy policy, Access access) throws IOException {
        return track(MemoryMap.anonymous(length, opts().tagname(t).createPolicy(policy).access(access).build()));
    }

    private void assertNoName(String t) {
        assertThrows(NoSuchFileException.class, () -> named(t, 0, CreatePolicy.OPEN_EXISTING, Access.READ),
                "the failed call left the name " + t + " behind");
    }

    @Test
    void createNew_thatFails_removesTheNameItMade() throws IOException {
        String t = tagname("failnew");
        assertThrows(IOException.class, () -> named(t, TOO_BIG, CreatePolicy.CREATE_NEW, Access.WRITE));
        assertNoName(t);
        MemoryMap retry = named(t, 4096, CreatePolicy.CREATE_NEW, Access.WRITE);   // no FileAlreadyExistsException
        assertEquals(4096, retry.length());
    }

    @Test
    void openOrCreate_thatCreatesAndFails_removesTheNameItMade() throws IOException {
        String t = tagname("failooc");
        assertThrows(IOException.class, () -> named(t, TOO_BIG, CreatePolicy.OPEN_OR_CREATE, Access.WRITE));
        assertNoName(t);
    }

    @Test
    void lengthZero_openOrCreate_leavesNoEmptyObject() {
        String t = tagname("zero");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> named(t, 0, CreatePolicy.OPEN_OR_CREATE, Access.WRITE));
        assertEquals("cannot map an empty named map: give a length to size it", e.getMessage());
        assertNoName(t);
    }

    @Test
    void aFailedOpen_neverRemovesANameThatExisted() throws IOException {
        String t = tagname("keep");
        MemoryMap owner = named(t, 4096, CreatePolicy.CREATE_NEW, Access.WRITE);
        owner.set(0, pattern(4096));
        assertThrows(IOException.class, () -> named(t, TOO_BIG, CreatePolicy.OPEN_OR_CREATE, Access.WRITE));
        assertEquals(4096, owner.size(), "the failed grow must put the size back");
        assertArrayEquals(pattern(4096), owner.get(0, 4096));
        MemoryMap again = named(t, 0, CreatePolicy.OPEN_EXISTING, Access.READ);
        assertArrayEquals(pattern(4096), again.get(0, 4096));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void anExistingEmptyObject_survivesAFailedOpen() throws IOException {
        String t = tagname("empty");
        Files.createFile(SHM.resolve(t), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        for (CreatePolicy p : CreatePolicy.values()) {
            if (p == CreatePolicy.CREATE_NEW) {
                continue;
            }
            assertThrows(IllegalArgumentException.class, () -> named(t, 0, p, Access.WRITE));
            assertTrue(Files.exists(SHM.resolve(t)), "a failed " + p + " removed a name it did not make");
        }
    }

    // ------------------------------------------------------------------------------ what is found

    /** The message of a refused open, the same on every backend; checks the exception is exactly AccessDeniedException. */
    private static String refusal(String t, String why) {
        return t + ": " + why;
    }

    private static AccessDeniedException denied(Executable call) {
        AccessDeniedException e = assertThrows(AccessDeniedException.class, call);
        assertEquals(AccessDeniedException.class, e.getClass());
        return e;
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aSymbolicLink_isNeverFollowed() throws IOException {
        String t = tagname("link");
        Path victim = file(ascii("the user's own file"));
        Files.createSymbolicLink(SHM.resolve(t), victim);
        for (CreatePolicy p : new CreatePolicy[] {CreatePolicy.OPEN_OR_CREATE, CreatePolicy.OPEN_EXISTING}) {
            AccessDeniedException e = denied(() -> named(t, 4096, p, Access.WRITE));
            assertEquals(refusal(t, "the named object is a symbolic link; named maps never follow one"), e.getMessage());
            AccessDeniedException r = denied(() -> named(t, 0, p, Access.READ));
            assertEquals(e.getMessage(), r.getMessage());
        }
        assertArrayEquals(ascii("the user's own file"), Files.readAllBytes(victim), "the link's target changed");
        assertTrue(Files.isSymbolicLink(SHM.resolve(t)), "the refused open removed the link");
        Files.delete(SHM.resolve(t));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aDirectoryOrFifo_isRefused() throws Exception {
        String d = tagname("dir");
        Files.createDirectory(SHM.resolve(d));
        try {
            AccessDeniedException e = denied(() -> named(d, 4096, CreatePolicy.OPEN_OR_CREATE, Access.WRITE));
            assertEquals(refusal(d, "the named object is not a regular file"), e.getMessage());
        } finally {
            Files.delete(SHM.resolve(d));
        }
        String f = tagname("fifo");
        assumeTrue(new ProcessBuilder("mkfifo", "-m", "600", SHM.resolve(f).toString()).start().waitFor() == 0,
                "skipped: mkfifo failed");
        try {
            AccessDeniedException e = denied(() -> named(f, 4096, CreatePolicy.OPEN_OR_CREATE, Access.WRITE));  // no block
            assertEquals(refusal(f, "the named object is not a regular file"), e.getMessage());
        } finally {
            Files.delete(SHM.resolve(f));
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void anObjectOpenToOthers_isRefusedAndLeftAlone() throws IOException {
        String t = tagname("mode");
        Path p = SHM.resolve(t);
        Files.write(p, pattern(4096));
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-rw-rw-"));
        for (CreatePolicy policy : new CreatePolicy[] {CreatePolicy.OPEN_OR_CREATE, CreatePolicy.OPEN_EXISTING}) {
            AccessDeniedException e = denied(() -> named(t, 8192, policy, Access.WRITE));
            assertEquals(refusal(t, "the named object has mode 0666; a named map must be private to its owner (0600)"),
                    e.getMessage());
        }
        assertArrayEquals(pattern(4096), Files.readAllBytes(p), "the refused open changed the object");
        assertEquals("rw-rw-rw-", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void anObjectOfAnotherUser_isRefused() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "skipped: only root can give a file to another user to set this up");
        String t = tagname("owner");
        Path p = SHM.resolve(t);
        Files.write(p, pattern(4096));
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        UserPrincipal nobody = p.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("65534");
        Files.setOwner(p, nobody);
        AccessDeniedException e = denied(() -> named(t, 0, CreatePolicy.OPEN_EXISTING, Access.WRITE));
        assertEquals(refusal(t, "the named object belongs to uid 65534, not to this process's uid 0"), e.getMessage());
        assertEquals(65534, (int) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS));
        assertArrayEquals(pattern(4096), Files.readAllBytes(p));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aNameThisUserMade_opensAsBefore() throws IOException {
        String t = tagname("mine");
        MemoryMap a = named(t, 4096, CreatePolicy.CREATE_NEW, Access.WRITE);
        a.set(0, (byte) 7);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(SHM.resolve(t))));
        Files.setPosixFilePermissions(SHM.resolve(t), PosixFilePermissions.fromString("r--------"));   // stricter is fine
        MemoryMap b = named(t, 0, CreatePolicy.OPEN_EXISTING, Access.READ);
        assertEquals(7, b.get(0));
        assertFalse(Files.isSymbolicLink(SHM.resolve(t)));
    }
}
