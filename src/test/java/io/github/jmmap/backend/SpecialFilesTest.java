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
