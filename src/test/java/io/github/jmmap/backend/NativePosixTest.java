package io.github.jmmap.backend;

import io.github.jmmap.Access;
import io.github.jmmap.Advice;
import io.github.jmmap.Backend;
import io.github.jmmap.CreatePolicy;
import io.github.jmmap.MapOptions;
import io.github.jmmap.MemoryMap;
import io.github.jmmap.internal.gen.linux.LinuxC;
import io.github.jmmap.internal.Os;
import io.github.jmmap.internal.TestLibc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ReadOnlyBufferException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What only the NATIVE backend does on POSIX systems: file descriptors, mlock, mprotect, mincore,
 * errno text (Linux and macOS); and on Linux only: populate's guarantee, huge pages, the Linux
 * madvise set, the JAVA backend's /dev/shm names, NAME_MAX.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class NativePosixTest {
    private static final boolean MAC = Os.current() == Os.MACOS;

    private Path dir;

    @BeforeEach
    void makeDir() throws IOException {
        dir = Files.createTempDirectory("jmmap-native-");
    }

    @AfterEach
    void removeDir() throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static MapOptions.Builder nat() {
        return MapOptions.builder().backend(Backend.NATIVE);
    }

    private Path file(int n) throws IOException {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return Files.write(dir.resolve("f" + System.nanoTime()), b);
    }

    private static int openFd(Path p) throws Throwable {
        return TestLibc.open(p.toString(), TestLibc.O_RDWR);
    }

    private static void closeFd(int fd) throws Throwable {
        assertEquals(0, TestLibc.close(fd));
    }

    private static boolean fdIsOpen(int fd) throws Throwable {
        return TestLibc.lseek(fd, 0L, TestLibc.SEEK_CUR) >= 0;
    }

    @Test
    void fileDescriptorIsDuplicatedWhenTracked() throws Throwable {
        Path p = file(8192);
        int fd = openFd(p);
        MemoryMap m = MemoryMap.open(fd, nat().access(Access.WRITE).build());
        closeFd(fd);                                        // the map holds its own duplicate
        assertEquals(5, m.get(5));
        m.set(0, (byte) 99);
        assertEquals(8192, m.size());
        m.resize(10_000);
        assertEquals(10_000, Files.size(p));
        m.close();
        assertEquals(99, Files.readAllBytes(p)[0]);
    }

    @Test
    void fileDescriptorIsNeitherKeptNorClosedWithoutTrackFd() throws Throwable {
        Path p = file(4096);
        int fd = openFd(p);
        try {
            MemoryMap m = MemoryMap.open(fd, nat().access(Access.READ).trackFd(false).build());
            assertEquals(7, m.get(7));
            assertEquals("size() needs the file handle, but the map was opened with trackFd(false)",
                    assertThrows(UnsupportedOperationException.class, m::size).getMessage());
            m.close();
            assertTrue(fdIsOpen(fd), "the caller's descriptor stays open");
        } finally {
            closeFd(fd);
        }
    }

    /**
     * Every POSIX call reads its errno from a capture segment of its own thread: threads failing
     * with different errnos at once (EBADF for a closed descriptor, ESPIPE for a FIFO's), among
     * threads whose calls succeed, each get their own errno in the message. Platform and virtual
     * threads.
     */
    @Test
    void concurrentFailuresEachReportTheirOwnErrno() throws Throwable {
        Path fifo = dir.resolve("fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo failed");
        Path file = Files.write(dir.resolve("f"), new byte[4096]);
        int pipeFd = io.github.jmmap.internal.TestLibc.open(fifo.toString(), 2);   // O_RDWR (2 on both): no wait
        org.junit.jupiter.api.Assumptions.assumeTrue(pipeFd >= 0, "cannot open the FIFO");
        java.util.Queue<String> wrong = new java.util.concurrent.ConcurrentLinkedQueue<>();
        try {
            java.util.List<Thread> threads = new java.util.ArrayList<>();
            for (int t = 0; t < 24; t++) {
                int kind = t % 3;
                Runnable work = () -> {
                    for (int i = 0; i < 300; i++) {
                        try {
                            if (kind == 0) {
                                IOException e = assertThrows(IOException.class, () -> MemoryMap.open(999_998, nat().build()));
                                String expected = (MAC ? "fstat" : "lseek") + " fd 999998 failed: EBADF (9): Bad file descriptor";
                                if (!expected.equals(e.getMessage())) {
                                    wrong.add(e.getMessage());
                                }
                            } else if (kind == 1) {
                                IOException e = assertThrows(IOException.class, () -> MemoryMap.open(pipeFd, nat().length(4096).build()));
                                if (!("lseek fd " + pipeFd + " failed: ESPIPE (29): Illegal seek").equals(e.getMessage())) {
                                    wrong.add(e.getMessage());
                                }
                            } else {
                                try (MemoryMap m = MemoryMap.open(file, nat().access(Access.READ).build())) {
                                    m.get(0);
                                }
                            }
                        } catch (Throwable x) {
                            wrong.add(x.toString());
                        }
                    }
                };
                threads.add(t % 2 == 0 ? Thread.ofPlatform().start(work) : Thread.ofVirtual().start(work));
            }
            for (Thread t : threads) {
                t.join(60_000);
            }
        } finally {
            io.github.jmmap.internal.TestLibc.close(pipeFd);
        }
        assertEquals(java.util.List.of(), java.util.List.copyOf(wrong));
    }

    @Test
    void badDescriptorsAreRefusedWithTheErrno() {
        IOException e = assertThrows(IOException.class, () -> MemoryMap.open(999_999, nat().build()));
        // macOS checks a descriptor with fstat first: lseek refuses shm objects there
        assertEquals((MAC ? "fstat" : "lseek") + " fd 999999 failed: EBADF (9): Bad file descriptor", e.getMessage());
        assertEquals("fd must be >= 0, got -1",
                assertThrows(IllegalArgumentException.class, () -> MemoryMap.open(-1, nat().build())).getMessage());
        assertEquals("mapping a file descriptor needs the NATIVE backend (this is JAVA)",
                assertThrows(UnsupportedOperationException.class,
                        () -> MemoryMap.open(0, MapOptions.builder().backend(Backend.JAVA).build())).getMessage());
    }

    @Test
    void lockAndUnlock() throws IOException {
        try (MemoryMap m = MemoryMap.anonymous(1 << 16, nat().build())) {
            m.lock();
            m.set(100, (byte) 1);
            assertTrue(m.isLoaded());
            m.unlock();
        }
        try (MemoryMap j = MemoryMap.anonymous(4096, MapOptions.builder().backend(Backend.JAVA).build())) {
            assertEquals("lock() needs the NATIVE backend", assertThrows(UnsupportedOperationException.class, j::lock)
                    .getMessage());
        }
    }

    @Test
    void protectReadMakesTheMapReadOnlyAndInvalidatesWritableViews() throws IOException {
        Path p = file(4096);
        try (MemoryMap m = MemoryMap.open(p, nat().access(Access.WRITE).build())) {
            MemorySegment writableView = m.segment();
            m.write(new byte[] {42});
            m.protect(Access.READ);
            assertEquals(Access.READ, m.access());
            assertTrue(m.segment().isReadOnly());
            assertEquals(42, m.get(0));
            assertEquals("set is not allowed: the map is read-only since protect(Access.READ)",
                    assertThrows(ReadOnlyBufferException.class, () -> m.set(0, (byte) 1)).getMessage());
            assertThrows(IllegalStateException.class, () -> writableView.set(ValueLayout.JAVA_BYTE, 0, (byte) 1));
            m.protect(Access.WRITE);
            m.set(0, (byte) 43);
            assertEquals(43, m.get(0));
            assertEquals("newAccess must be READ or the access the map was opened with (WRITE), got COPY",
                    assertThrows(IllegalArgumentException.class, () -> m.protect(Access.COPY)).getMessage());
        }
        try (MemoryMap r = MemoryMap.open(p, nat().access(Access.READ).build())) {
            assertEquals("protect(WRITE) is not allowed: the map was opened with Access.READ",
                    assertThrows(ReadOnlyBufferException.class, () -> r.protect(Access.WRITE)).getMessage());
        }
        assertEquals(43, Files.readAllBytes(p)[0]);
    }

    @Test
    void protectRacingWithWritersNeverCrashes() throws Exception {
        for (int round = 0; round < 50; round++) {
            try (MemoryMap m = MemoryMap.anonymous(1 << 16, nat().build())) {
                java.util.concurrent.atomic.AtomicReference<Throwable> odd = new java.util.concurrent.atomic.AtomicReference<>();
                Thread writer = Thread.ofPlatform().start(() -> {
                    for (long i = 0; ; i = (i + 4099) & 0xFFFF) {
                        try {
                            m.set(i, (byte) 1);
                        } catch (ReadOnlyBufferException | IllegalStateException expected) {
                            return;
                        } catch (Throwable t) {
                            odd.set(t);
                            return;
                        }
                    }
                });
                Thread.sleep(1);
                m.protect(Access.READ);
                writer.join(10_000);
                assertFalse(writer.isAlive());
                assertEquals(null, odd.get());
            }
        }
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "MAP_POPULATE: elsewhere populate is a MADV_WILLNEED hint")
    void populateLoadsThePages() throws IOException {
        Path p = file(1 << 20);
        try (MemoryMap m = MemoryMap.open(p, nat().access(Access.READ).populate(true).build())) {
            assertTrue(m.isLoaded());
        }
        try (MemoryMap m = MemoryMap.anonymous(1 << 20, nat().populate(true).build())) {
            assertTrue(m.isLoaded());
        }
    }

    @Test
    void hugePagesFallBackToNormalPagesWhenNoneAreReserved() throws IOException {
        try (MemoryMap m = MemoryMap.anonymous(4 << 20, nat().hugePages(true).build())) {
            assertEquals(4 << 20, m.length());
            m.set((4 << 20) - 1, (byte) 1);
            assertEquals(1, m.get((4 << 20) - 1));
        }
    }

    @ParameterizedTest(name = "[NATIVE] {0}")
    @EnabledOnOs(value = OS.LINUX, disabledReason = "the Linux madvise set")
    @EnumSource(value = Advice.class, names = {"NORMAL", "RANDOM", "SEQUENTIAL", "WILL_NEED", "DONT_NEED", "DONT_FORK",
            "DO_FORK", "DONT_DUMP", "DO_DUMP", "REMOVE", "POPULATE_READ", "POPULATE_WRITE"})
    void linuxAdviceWorksOnSharedMemory(Advice advice) throws IOException {
        try (MemoryMap m = MemoryMap.anonymous(1 << 16, nat().build())) {
            m.madvise(advice);
            m.madvise(advice, 4096, 8192);
        }
    }

    @ParameterizedTest(name = "[NATIVE] {0}")
    @EnabledOnOs(value = OS.LINUX, disabledReason = "the Linux madvise set")
    @EnumSource(value = Advice.class, names = {"FREE", "MERGEABLE", "UNMERGEABLE", "HUGEPAGE", "NO_HUGEPAGE"})
    void linuxAdviceForPrivateMemoryWorksOnCopyMaps(Advice advice) throws IOException {
        try (MemoryMap m = MemoryMap.anonymous(1 << 21, nat().access(Access.COPY).build())) {
            m.madvise(advice);
        }
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "Linux's MADV_DONTNEED drops private pages; xnu's is a hint")
    void dontNeedOnACopyMapDiscardsPrivateChanges() throws IOException {
        Path p = file(8192);
        try (MemoryMap m = MemoryMap.open(p, nat().access(Access.COPY).build())) {
            m.set(0, (byte) 77);
            m.madvise(Advice.DONT_NEED);
            assertEquals(0, m.get(0), "documented: DONT_NEED discards COPY changes (the file's byte comes back)");
        }
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "the JAVA backend's named maps are files in /dev/shm")
    void tagnameIsSharedBetweenTheBackends() throws IOException {
        String t = "jmmap-interop-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (MemoryMap n = MemoryMap.anonymous(8192, nat().tagname(t).createPolicy(CreatePolicy.CREATE_NEW).build());
             MemoryMap j = MemoryMap.anonymous(0, MapOptions.builder().backend(Backend.JAVA).tagname(t)
                     .createPolicy(CreatePolicy.OPEN_EXISTING).build())) {
            n.set(0, "from native".getBytes());
            assertArrayEquals("from native".getBytes(), j.get(0, 11));
            j.set(100, "from java".getBytes());
            assertArrayEquals("from java".getBytes(), n.get(100, 109));
            assertEquals(8192, j.length());
        } finally {
            assertTrue(MemoryMap.unlinkNamed(t, Backend.NATIVE));
        }
        assertFalse(MemoryMap.unlinkNamed(t, Backend.JAVA));
    }

    @Test
    void osErrorsNameTheCallTheErrnoAndItsText() {
        // a length no address space can hold
        IOException e = assertThrows(IOException.class,
                () -> MemoryMap.anonymous(Long.MAX_VALUE / 2, nat().build()));
        // xnu may refuse the size (EINVAL) before it looks for room (ENOMEM); ENOMEM says what to check
        assertTrue(e.getMessage().matches(MAC
                ? "mmap anonymous failed: (ENOMEM \\(12\\): Cannot allocate memory; mapping \\d+ bytes: .*"
                        + "|EINVAL \\(22\\): Invalid argument)"
                : "mmap anonymous failed: ENOMEM \\(12\\): Cannot allocate memory; mapping " + (Long.MAX_VALUE / 2)
                        + " bytes: the process may have reached its limit of memory maps .*"), e.getMessage());
    }

    @Test
    void pageSizeComesFromTheOs() throws Throwable {
        assertEquals(TestLibc.getpagesize(), MemoryMap.pageSize());
        assertEquals(MemoryMap.pageSize(), MemoryMap.allocationGranularity());
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void tagnameLimitIsNameMax() {
        String longest = "n".repeat(LinuxC.NAME_MAX());
        try {
            try (MemoryMap m = MemoryMap.anonymous(4096, nat().tagname(longest).build())) {
                assertEquals(4096, m.length());
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        } finally {
            try {
                MemoryMap.unlinkNamed(longest, Backend.NATIVE);
            } catch (IOException ignored) {
                // cleaned up already
            }
        }
        assertEquals("tagname is 256 bytes long; linux allows at most 255: \"" + longest + "n\"",
                assertThrows(IllegalArgumentException.class,
                        () -> MemoryMap.anonymous(4096, nat().tagname(longest + "n").build())).getMessage());
    }
}
