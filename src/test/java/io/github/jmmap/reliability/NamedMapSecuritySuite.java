package io.github.jmmap.reliability;

import io.github.jmmap.Access;
import io.github.jmmap.Backend;
import io.github.jmmap.CreatePolicy;
import io.github.jmmap.MemoryMap;
import io.github.jmmap.conformance.BackendDisplayNames;
import io.github.jmmap.conformance.MapTestSupport;
import io.github.jmmap.interop.Peers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Named maps cannot be squatted or read by others: CREATE_NEW refuses an existing name and leaves
 * it untouched, names are checked in bytes against the OS limit, and a second user cannot open,
 * create over, or unlink a name (shown with a child JVM under uid 65534 where the tests run as
 * root; elsewhere skipped, saying why, and the 0600 mode check of the conformance suite stands in).
 * The conformance suite already checks mode 0600, path separators and the policies' exception
 * types. One concrete subclass per backend.
 */
@DisplayNameGeneration(BackendDisplayNames.class)
public abstract class NamedMapSecuritySuite extends MapTestSupport {

    @BeforeEach
    void namedMapsAvailable() {
        assumeTrue(backend() != Backend.JAVA || Files.isDirectory(Path.of("/dev/shm")),
                "the JAVA backend has named maps only with /dev/shm");
    }

    private MemoryMap named(String t, long length, CreatePolicy policy, Access access) throws IOException {
        return track(MemoryMap.anonymous(length, opts().tagname(t).createPolicy(policy).access(access).build()));
    }

    @Test
    void createNew_refusesAnExistingNameAndLeavesItUntouched() throws IOException {
        String t = tagname("squat");
        MemoryMap owner = named(t, 4096, CreatePolicy.CREATE_NEW, Access.WRITE);
        owner.set(0, pattern(4096));
        FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
                () -> named(t, 8192, CreatePolicy.CREATE_NEW, Access.WRITE));
        assertEquals(t + ": a named map by this tagname exists already (CREATE_NEW)", e.getMessage());
        assertEquals(t, e.getFile());
        assertEquals(namedSize(4096), owner.size(), "the refused CREATE_NEW must not resize the object");
        assertArrayEquals(pattern(4096), owner.get(0, 4096));
        MemoryMap again = named(t, 0, CreatePolicy.OPEN_EXISTING, Access.READ);
        assertEquals(namedSize(4096), again.length());
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void names_areMeasuredInBytesAgainstTheLimit() throws IOException {
        String longest = tagname("max");
        longest = longest + "x".repeat(255 - longest.length());
        MemoryMap m = named(longest, 4096, CreatePolicy.CREATE_NEW, Access.WRITE);
        assertEquals(longest, m.tagname());
        m.close();
        assertTrue(MemoryMap.unlinkNamed(longest, backend()));
        String over = longest + "y";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> named(over, 4096, CreatePolicy.OPEN_OR_CREATE, Access.WRITE));
        assertEquals("tagname is 256 bytes long; linux allows at most 255: \"" + over + "\"", e.getMessage());
        String wide = "\u00e9".repeat(128);                       // 128 characters, 256 bytes in UTF-8
        e = assertThrows(IllegalArgumentException.class, () -> named(wide, 4096, CreatePolicy.OPEN_OR_CREATE, Access.WRITE));
        assertTrue(e.getMessage().startsWith("tagname is 256 bytes long"), e.getMessage());
        try (var names = Files.list(Path.of("/dev/shm"))) {
            assertTrue(names.map(n -> n.getFileName().toString()).noneMatch(n -> n.equals(over) || n.equals(wide)));
        }
    }

    /** Why a child cannot run under another uid here, or null if it can. */
    private static String whyNoSecondUser() {
        if (!System.getProperty("os.name").equals("Linux")) {
            return "starting a child under another uid is done with setpriv, on Linux";
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return "the tests do not run as root, so they cannot start a child under another uid"
                    + " (mode 0600 is checked instead by the conformance suite)";
        }
        if (!Files.isExecutable(Path.of("/usr/bin/setpriv"))) {
            return "no /usr/bin/setpriv to start a child under another uid";
        }
        return null;
    }

    private static List<String> asNobody(List<String> command) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        cmd.addAll(command);
        return cmd;
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void secondUser_cannotOpenCreateOverOrUnlinkTheName() throws Exception {
        String why = whyNoSecondUser();
        assumeTrue(why == null, () -> "skipped: " + why);
        String t = tagname("private");
        MemoryMap owner = named(t, 4096, CreatePolicy.CREATE_NEW, Access.WRITE);
        owner.set(0, pattern(4096));
        String b = backend().name();

        // the control: the same child as this user reads the bytes, so a refusal below means something
        Peers.Result same = Peers.run(Peers.javaWithClassesOnly("open-name", b, t, "OPEN_EXISTING", "READ", "0",
                "read", "0", "4")).ok();
        assertEquals("read " + java.util.HexFormat.of().formatHex(pattern(4)), same.line("read "));

        for (String[] attempt : new String[][] {
                {"open-name", b, t, "OPEN_EXISTING", "READ", "0", "read", "0", "4"},
                {"open-name", b, t, "OPEN_OR_CREATE", "WRITE", "8192", "write", "0", "ff"}}) {
            Peers.Result other = Peers.run(asNobody(Peers.javaWithClassesOnly(attempt)));
            assertEquals(3, other.exitCode(), () -> "uid 65534 should be refused: " + other.lines());
            String error = other.line("error ");
            assertTrue(error.contains("EACCES") || error.contains("AccessDeniedException"), error);
        }
        Peers.Result unlink = Peers.run(asNobody(List.of("/bin/rm", "-f", "/dev/shm/" + t)));
        assertTrue(unlink.exitCode() != 0, () -> "uid 65534 removed the name: " + unlink.lines());
        assertEquals(4096, owner.size());
        assertArrayEquals(pattern(4096), owner.get(0, 4096));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(Path.of("/dev/shm", t))));
        System.out.printf("[%s] named maps: uid 65534 could not open, create over or unlink a 0600 name%n", backend());
    }
}
