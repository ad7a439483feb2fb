package io.github.jmmap.reliability;

import io.github.jmmap.Access;
import io.github.jmmap.Backend;
import io.github.jmmap.MemoryMap;
import io.github.jmmap.conformance.BackendDisplayNames;
import io.github.jmmap.conformance.MapTestSupport;
import io.github.jmmap.interop.Peers;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Maps the memory or file system cannot back: refused when made with an IOException that names
 * the lack of space where that can be known, placed where they fit (the JAVA backend's anonymous
 * maps), and otherwise a fault that says "no space left", not "truncated". The full stores are
 * tmpfs mounts of 1 MiB over /dev/shm and the temp directory, made with {@code unshare -m} for one
 * child JVM ({@link SpaceChild}) and gone with it; skipped, saying why, where that cannot be done
 * (not Linux, not root, no unshare). One concrete subclass per backend.
 */
@DisplayNameGeneration(BackendDisplayNames.class)
public abstract class SpaceSuite extends MapTestSupport {
    private static final long MIB = 1 << 20;
    private static final String FAULT = " (the OS signalled a fault: a fault occurred in an unsafe memory access operation)";

    private static final class Namespaces {
        static final String WHY_NOT = probe();
    }

    private static String probe() {
        if (!System.getProperty("os.name").equals("Linux")) {
            return "small tmpfs stores are made with unshare -m and mount, on Linux";
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return "the tests do not run as root, so they cannot mount a small tmpfs in a mount namespace";
        }
        try {
            Peers.Result r = Peers.run(List.of("unshare", "-m", "--propagation", "private", "sh", "-c",
                    "mount -t tmpfs -o size=1m jmmap-probe /dev/shm"));
            return r.exitCode() == 0 ? null : "unshare -m with a tmpfs mount failed: " + r.lines();
        } catch (IOException e) {
            return "no unshare: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /**
     * Runs {@link SpaceChild} with a /dev/shm of {@code shm} and a temp directory of {@code tmp}
     * (tmpfs sizes as mount takes them, "1m"), and returns its one line.
     */
    private String inSmallStores(String shm, String tmp, String scenario, long length) throws Exception {
        assumeTrue(Namespaces.WHY_NOT == null, () -> "skipped: " + Namespaces.WHY_NOT);
        Path scratch = Files.createDirectory(dir.resolve("scratch"));
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of("unshare", "-m", "--propagation", "private", "sh", "-c",
                "mount -t tmpfs -o size=$1,mode=1777 jmmap-shm /dev/shm && mount -t tmpfs -o size=$2 jmmap-tmp \"$3\""
                        + " && shift 3 && exec \"$@\"", "sh", shm, tmp, scratch.toString(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Xmx64m",
                "-Djava.io.tmpdir=" + scratch, "-cp", cp, SpaceChild.class.getName(),
                backend().name(), scenario, String.valueOf(length)));
        Peers.Result r = Peers.run(cmd);
        assertEquals(0, r.exitCode(), () -> "the child failed: " + r.lines());
        String line = r.lines().stream().filter(l -> l.startsWith("result ") || l.startsWith("error ")).findFirst()
                .orElseThrow(() -> new AssertionError("no result from the child: " + r.lines()));
        try (var left = Files.list(scratch)) {
            assertTrue(left.findAny().isEmpty(), "the child's files stayed outside its namespace");
        }
        return line.replace(scratch.toString(), "<tmp>");
    }

    private boolean anonymousMemoryIsInDevShm() {
        return backend() == Backend.JAVA;        // NATIVE's MAP_ANONYMOUS memory is not a /dev/shm file
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void anonymousMap_biggerThanDevShm_isPlacedWhereItFits() throws Exception {
        assertEquals("result touched 8388608 bytes; names left 0", inSmallStores("1m", "16m", "anonymous", 8 * MIB));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void anonymousMap_thatFitsNowhere_isRefusedWhenMade() throws Exception {
        String line = inSmallStores("1m", "1m", "anonymous", 8 * MIB);
        assertEquals(anonymousMemoryIsInDevShm()
                ? "error java.io.IOException: an anonymous map of 8388608 bytes (the JAVA backend keeps it in a deleted"
                + " file) needs 8388608 more bytes, but /dev/shm has 1048576 bytes free and the temp directory <tmp>"
                + " has only 1048576 bytes free: no space left to back the map; names left 0"
                : "result touched 8388608 bytes; names left 0", line);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void populate_beyondTheStores_isAnIOExceptionAtOpen_notAnInternalError() throws Exception {
        String line = inSmallStores("1m", "1m", "anonymous-populate", 64 * MIB);
        assertEquals(anonymousMemoryIsInDevShm()
                ? "error java.io.IOException: an anonymous map of 67108864 bytes (the JAVA backend keeps it in a deleted"
                + " file) needs 67108864 more bytes, but /dev/shm has 1048576 bytes free and the temp directory <tmp>"
                + " has only 1048576 bytes free: no space left to back the map; names left 0"
                : "result touched 67108864 bytes; names left 0", line);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void populate_beyondTheAvailableMemory_isRefusedWhenMade() throws IOException {
        long tib = 1L << 40;
        IOException e = assertThrows(IOException.class,
                () -> track(MemoryMap.anonymous(tib, opts().populate(true).build())));
        assertEquals(IOException.class, e.getClass());
        assertTrue(e.getMessage().startsWith("populate(true) of 1099511627776 bytes needs more memory than is available ("),
                e.getMessage());
        assertTrue(e.getMessage().endsWith(" bytes, MemAvailable of /proc/meminfo); nothing was mapped"), e.getMessage());
        String t = tagname("popnamed");
        IOException n = assertThrows(IOException.class, () -> track(MemoryMap.anonymous(tib,
                opts().tagname(t).populate(true).build())));
        assertTrue(n.getMessage().startsWith("tagname \"" + t + "\": a named map of 1099511627776 bytes needs")
                || n.getMessage().startsWith("populate(true) of 1099511627776 bytes"), n.getMessage());
        assertThrows(java.nio.file.NoSuchFileException.class, () -> track(MemoryMap.anonymous(0,
                opts().tagname(t).access(Access.READ).build())), "the refused named map left its name");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void namedMap_biggerThanDevShm_isRefusedWhenMadeAndLeavesNoName() throws Exception {
        assertEquals("error java.io.IOException: tagname \"jmmap-space\": a named map of 8388608 bytes needs 8388608"
                + " more bytes, but the file system that holds it has only 1048576 bytes free: no space left to back"
                + " the map; names left 0", inSmallStores("1m", "1m", "named", 8 * MIB));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void namedMap_resizedBeyondDevShm_isRefusedAndKeepsItsLength() throws Exception {
        String line = inSmallStores("1m", "1m", "named-resize", 512 * 1024);
        assertEquals("result refused java.io.IOException: tagname \"jmmap-space\": growing the map to 8388608 bytes"
                + " needs 7864320 more bytes, but the file system that holds it has only N bytes free: no space"
                + " left to back the map; still 524288 bytes, first byte 7, touched 524288 bytes; names left 1",
                line.replaceFirst("has only \\d+ bytes free", "has only N bytes free"));   // the pages used vary
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void namedMap_whenTheStoreFillsLater_faultSaysNoSpaceNotTruncated() throws Exception {
        assertEquals("error java.io.UncheckedIOException: java.io.IOException: cannot access the mapped memory: no space left on the file"
                + " system that backs the map (0 bytes free), so the OS could not allocate the page; the file was not"
                + " truncated (its size is 524288 bytes)" + FAULT + "; names left 1",
                inSmallStores("1m", "1m", "named-store-fills", 512 * 1024));
    }

    /**
     * populate(true) over an existing sparse object bigger than the store: the JAVA backend, which
     * touches every page to populate, says "no space" at open (before: a bare InternalError);
     * NATIVE's MAP_POPULATE stops quietly, and the first touch past the room says "no space".
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    void populate_ofASparseNamedMapBiggerThanTheStore_saysNoSpace() throws Exception {
        String noSpace = "java.io.IOException: cannot access the mapped memory: no space left on the file system that"
                + " backs the map (0 bytes free), so the OS could not allocate the page; the file was not truncated"
                + " (its size is 8388608 bytes)" + FAULT + "; names left 1";
        assertEquals(backend() == Backend.JAVA ? "error " + noSpace : "error java.io.UncheckedIOException: " + noSpace,
                inSmallStores("1m", "1m", "sparse-named-populate", 8 * MIB));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void writeMap_thatExtendsAFileOnAFullFileSystem_faultSaysNoSpaceNotTruncated() throws Exception {
        assertEquals("error java.io.UncheckedIOException: java.io.IOException: cannot access the mapped memory: no space left on the file"
                + " system that backs the map (0 bytes free), so the OS could not allocate the page; the file was not"
                + " truncated (its size is 8388608 bytes)" + FAULT + "; names left 0",
                inSmallStores("1m", "1m", "file-extend", 8 * MIB));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void preallocate_onAFullFileSystem_isAnIOExceptionAtOpen_andTheFileIsLeftAsItWas() throws Exception {
        String line = inSmallStores("1m", "1m", "file-preallocate", 8 * MIB);
        assertTrue(line.startsWith("result refused java.io.IOException: "), line);
        // checked before a block is reserved: the JAVA backend's zeros would otherwise fill the store first
        assertTrue(line.contains("small.bin: a file of 8388608 bytes needs 8384512 more bytes, but the file system that"
                + " holds it has only "), line);
        assertTrue(line.endsWith(" bytes free: no space left to back the map; size 4096; names left 0"), line);
    }

    /** The bytes a file occupies on disk ({@code stat -c %b}, in 512-byte blocks). */
    private static long allocated(Path p) throws Exception {
        Peers.Result r = Peers.run(List.of("stat", "-c", "%b", p.toString())).ok();
        return Long.parseLong(r.lines().getFirst().trim()) * 512;
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void preallocate_reservesTheBlocksOfTheExtension() throws Exception {
        Path sparse = file(new byte[4096]);
        Path reserved = file(new byte[4096]);
        open(sparse, opts().access(Access.WRITE).length(MIB).build()).close();
        open(reserved, opts().access(Access.WRITE).length(MIB).preallocate(true).build()).close();
        assertEquals(MIB, Files.size(sparse));
        assertEquals(MIB, Files.size(reserved));
        assumeTrue(allocated(sparse) < MIB, "skipped: this file system does not make sparse files, so there is no"
                + " difference to see");
        long reservedBytes = allocated(reserved);
        assertTrue(reservedBytes >= MIB, () -> "only " + reservedBytes + " bytes reserved");
    }
}
