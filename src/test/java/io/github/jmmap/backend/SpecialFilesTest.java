package io.github.jmmap.backend;

import io.github.jmmap.Access;
import io.github.jmmap.Backend;
import io.github.jmmap.MapOptions;
import io.github.jmmap.MemoryMap;
import io.github.jmmap.conformance.MapTestSupport;
import io.github.jmmap.internal.gen.linux.LinuxC;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Descriptors and paths of what is not a regular file: open(fd) refuses them as open(path) does
 * (NATIVE), the errno of a refusal is named, and the JAVA backend's mapping failures name the file.
 */
@EnabledOnOs(OS.LINUX)
class SpecialFilesTest extends MapTestSupport {
    private static MapOptions.Builder nat() {
        return MapOptions.builder().backend(Backend.NATIVE);
    }

    private static int openFd(Path p, int flags) {
        try (Arena a = Arena.ofConfined()) {
            int fd = LinuxC.open.makeInvoker(LinuxC.C_INT).apply(a.allocateFrom(p.toString()), flags, 0);
            assumeTrue(fd >= 0, "cannot open " + p);
            return fd;
        }
    }

    @Test
    void aDirectoryDescriptorIsRefusedAsNotARegularFile() throws IOException {
        int fd = openFd(dir, LinuxC.O_RDONLY());
        try {
            IOException e = assertThrows(IOException.class, () -> MemoryMap.open(fd, nat().access(Access.READ).build()));
            assertEquals("cannot map fd " + fd + ": not a regular file (a directory)", e.getMessage());
            e = assertThrows(IOException.class,
                    () -> MemoryMap.open(fd, nat().access(Access.READ).length(4096).trackFd(false).build()));
            assertEquals("cannot map fd " + fd + ": not a regular file (a directory)", e.getMessage());
        } finally {
            LinuxC.close(fd);
        }
    }

    @Test
    void aCharacterDeviceDescriptorIsRefusedAsNotARegularFile() throws IOException {
        int fd = openFd(Path.of("/dev/zero"), LinuxC.O_RDWR());
        try {
            IOException e = assertThrows(IOException.class,
                    () -> MemoryMap.open(fd, nat().access(Access.WRITE).length(4096).build()));
            assertEquals("cannot map fd " + fd + ": not a regular file", e.getMessage());
            assertEquals("cannot map /dev/zero: not a regular file", assertThrows(IOException.class,
                    () -> MemoryMap.open(Path.of("/dev/zero"), nat().access(Access.WRITE).length(4096).build()))
                    .getMessage(), "the path form says the same");
        } finally {
            LinuxC.close(fd);
        }
    }

    @Test
    void aFifoDescriptorIsRefusedWithTheNamedErrno() throws Exception {
        Path fifo = dir.resolve("fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
        assumeTrue(mkfifo.waitFor() == 0 && Files.exists(fifo), "mkfifo failed");
        int fd = openFd(fifo, LinuxC.O_RDWR());   // O_RDWR: Linux opens a FIFO without waiting for a peer
        try {
            IOException e = assertThrows(IOException.class, () -> MemoryMap.open(fd, nat().length(4096).build()));
            assertEquals("lseek fd " + fd + " failed: ESPIPE (29): Illegal seek", e.getMessage());
        } finally {
            LinuxC.close(fd);
        }
    }

    /**
     * open(path) checks the type before it opens, so that it never opens a device; a FIFO renamed
     * over the file between that check and the open must not block the caller (an open for
     * reading waits for a writer): the open is non-blocking, and the FIFO is then refused by lseek.
     * A thread swaps a FIFO and a regular file under one name while this one opens it; before the
     * open was non-blocking, one of the opens hung, which the watchdog ends by opening the FIFO
     * for writing.
     */
    @Test
    void aFifoSwappedInBetweenTheCheckAndTheOpenDoesNotBlockTheOpen() throws Exception {
        Path fifo = dir.resolve("swap-fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
        assumeTrue(mkfifo.waitFor() == 0 && Files.exists(fifo), "mkfifo failed");
        Path regular = Files.write(dir.resolve("swap-file"), new byte[4096]);
        Path name = dir.resolve("swap");
        Path aside = dir.resolve("swap-aside");
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread swapper = new Thread(() -> {
            try {
                while (!stop.get()) {   // rename(2) replaces the name atomically: always a file or a FIFO
                    Files.createLink(aside, fifo);
                    Files.move(aside, name, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    Files.createLink(aside, regular);
                    Files.move(aside, name, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    for (long t = System.nanoTime(); System.nanoTime() - t < 20_000; ) {
                        Thread.onSpinWait();   // the regular file most of the time, so that checks pass
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, "swapper");
        java.util.concurrent.atomic.AtomicIntegerArray outcomes = new java.util.concurrent.atomic.AtomicIntegerArray(2);
        long until = System.nanoTime() + 5_000_000_000L;   // maps made, refusals; opens for 5 s
        Thread opener = new Thread(() -> {
            while (System.nanoTime() < until) {
                try (MemoryMap m = MemoryMap.open(name, nat().access(Access.READ).build())) {
                    outcomes.incrementAndGet(m.get(0) == 0 ? 0 : 1);
                } catch (IOException | IllegalArgumentException refused) {
                    outcomes.incrementAndGet(1);   // a FIFO: refused, not blocked
                }
            }
        }, "opener");
        Files.createLink(name, regular);
        swapper.start();
        opener.start();
        boolean hung = false;
        for (int last = -1, now; opener.isAlive(); last = now) {
            opener.join(2_000);
            now = outcomes.get(0) + outcomes.get(1);
            if (now == last && opener.isAlive()) {
                hung = true;             // no open ended in 2 s: one waits for a writer
                break;
            }
        }
        stop.set(true);
        while (opener.isAlive()) {      // O_RDWR opens a FIFO at once on Linux and is the writer it waits for
            var writer = java.nio.channels.FileChannel.open(fifo, java.nio.file.StandardOpenOption.READ,
                    java.nio.file.StandardOpenOption.WRITE);
            try {
                opener.join(100);
            } finally {
                writer.close();
            }
        }
        swapper.join(10_000);
        assertEquals(false, hung, "an open blocked on a FIFO renamed over the file after "
                + outcomes.get(0) + " maps and " + outcomes.get(1) + " refusals");
        assertTrue(outcomes.get(0) > 0, "no open mapped the regular file: " + outcomes.get(1) + " refusals");
    }

    @Test
    void aRegularFileDescriptorStillMaps() throws IOException {
        Path p = Files.write(dir.resolve("f"), new byte[]{1, 2, 3});
        int fd = openFd(p, LinuxC.O_RDWR());
        try (MemoryMap m = MemoryMap.open(fd, nat().access(Access.READ).build())) {
            assertEquals(3, m.length());
            assertEquals(2, m.get(1));
        } finally {
            LinuxC.close(fd);
        }
    }

    @Test
    void theJavaBackendNamesTheFileWhenTheOsCannotMapIt() {
        Path sysfs = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
        assumeTrue(Files.isRegularFile(sysfs) && Files.isReadable(sysfs), "no " + sysfs);
        IOException e = assertThrows(IOException.class, () -> MemoryMap.open(sysfs,
                MapOptions.builder().backend(Backend.JAVA).access(Access.READ).build()));
        assertEquals("FileChannel.map " + sysfs + " failed: No such device", e.getMessage());
        IOException n = assertThrows(IOException.class, () -> MemoryMap.open(sysfs, nat().access(Access.READ).build()));
        assertEquals("mmap " + sysfs + " failed: ENODEV (19): No such device", n.getMessage(), "as NATIVE says");
    }
}
