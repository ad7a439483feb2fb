package io.github.jmmap.conformance;

import io.github.jmmap.Access;
import io.github.jmmap.Backend;
import io.github.jmmap.MapOptions;
import io.github.jmmap.MemoryMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.function.Executable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Files, maps and the "refused and nothing changed" assertion shared by backend test classes. */
public abstract class MapTestSupport {
    protected Path dir;
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<String> tagnames = new ArrayList<>();

    /** The backend under test, from {@link BackendUnderTest}. */
    protected Backend backend() {
        return getClass().getAnnotation(BackendUnderTest.class).value();
    }

    @BeforeEach
    void makeDir() throws IOException {
        dir = Files.createTempDirectory("jmmap-test-");
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        for (String t : tagnames) {
            MemoryMap.unlinkNamed(t, Backend.JAVA.equals(backend()) ? Backend.JAVA : backend());
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    protected MapOptions.Builder opts() {
        return MapOptions.builder().backend(backend());
    }

    protected MapOptions opts(Access access) {
        return opts().access(access).build();
    }

    /**
     * The size a named map created with {@code length} bytes has: macOS (NATIVE) rounds a shm
     * object up to the page size (xnu pshm_truncate), so one created with 4096 bytes maps and
     * reports 16384 on Apple silicon when reopened whole.
     */
    protected long namedSize(long length) {
        if (!namedMapsGrow()) {
            long page = MemoryMap.pageSize();
            return (length + page - 1) / page * page;
        }
        return length;
    }

    /** Whether a named map can grow past its first size: not on macOS (NATIVE), where a shm object is sized once. */
    protected boolean namedMapsGrow() {
        return backend() != Backend.NATIVE || io.github.jmmap.internal.Os.current() != io.github.jmmap.internal.Os.MACOS;
    }

    /** A file holding the given bytes. */
    protected Path file(byte[] content) throws IOException {
        return Files.write(Files.createTempFile(dir, "map", ".bin"), content);
    }

    /** A file holding {@code n} bytes of a known pattern (byte i = i * 31 + 7). */
    protected Path patternFile(int n) throws IOException {
        return file(pattern(n));
    }

    protected static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    protected static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    protected static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    protected MemoryMap open(Path p, Access access) throws IOException {
        return track(MemoryMap.open(p, opts(access)));
    }

    protected MemoryMap open(Path p, MapOptions o) throws IOException {
        return track(MemoryMap.open(p, o));
    }

    protected MemoryMap anonymous(long length) throws IOException {
        return track(MemoryMap.anonymous(length, opts().build()));
    }

    protected <T extends AutoCloseable> T track(T c) {
        toClose.add(c);
        return c;
    }

    private static final java.util.concurrent.atomic.AtomicInteger NAMES = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * A tagname unique to this test, unlinked after it: at most 29 characters, within macOS's limit of 30
     * (base cut to 8, the counter, pid and clock in base 36).
     */
    protected String tagname(String base) {
        String t = "jm" + base.substring(0, Math.min(8, base.length())) + "-"
                + Integer.toString(NAMES.incrementAndGet(), 36) + "-" + Long.toString(ProcessHandle.current().pid(), 36)
                + "-" + Long.toString(System.nanoTime() & 0xFF_FFFFL, 36);
        tagnames.add(t);
        return t;
    }

    /**
     * Runs a call that must be refused with {@code type} and a message containing {@code message},
     * and checks that neither the map's bytes and position nor the file's bytes changed.
     */
    protected <T extends Throwable> T refused(Class<T> type, String message, MemoryMap m, Path file,
                                             Executable call) throws IOException {
        byte[] mapBefore = m == null || m.isClosed() ? null : m.get(0, m.length());
        long posBefore = m == null || m.isClosed() ? -1 : m.tell();
        byte[] fileBefore = file == null ? null : Files.readAllBytes(file);
        T e = assertThrows(type, call);
        if (message != null) {
            assertNotNull(e.getMessage(), "exception has no message: " + e);
            assertTrue(e.getMessage().contains(message),
                    "message \"" + e.getMessage() + "\" does not contain \"" + message + "\"");
        }
        if (mapBefore != null) {
            assertArrayEquals(mapBefore, m.get(0, m.length()), "the map's bytes changed");
            assertEquals(posBefore, m.tell(), "the position changed");
        }
        if (fileBefore != null) {
            assertArrayEquals(fileBefore, Files.readAllBytes(file), "the file's bytes changed");
        }
        return e;
    }
}
