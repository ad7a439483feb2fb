package io.github.jmmap.internal.linux;

import io.github.jmmap.Access;
import io.github.jmmap.CreatePolicy;
import io.github.jmmap.MapOptions;
import io.github.jmmap.internal.Handle;
import io.github.jmmap.internal.Provider;
import io.github.jmmap.internal.Region;
import io.github.jmmap.internal.TestLibc;
import io.github.jmmap.internal.gen.linux.LinuxC;
import io.github.jmmap.internal.gen.linux.stat;
import io.github.jmmap.internal.posix.PosixProvider;
import io.github.jmmap.internal.posix.PosixSymbols;
import io.github.jmmap.internal.posix.PosixSymbols.Fn;
import io.github.jmmap.internal.posix.ShmTraits;
import io.github.jmmap.internal.posix.StatLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The decisions behind macOS's named maps (one ftruncate per object, MAP_SHARED only, no O_CLOEXEC
 * in shm_open, sizes from fstat), run on Linux: the Linux symbol table with one {@link ShmTraits}
 * or {@link StatLayout} swapped in, so the real kernel answers everything else.
 */
@EnabledOnOs(OS.LINUX)
@SuppressWarnings("restricted")   // builds its own downcalls and upcalls, on purpose
class ShmTraitsTest {
    private final String name = "jmmap-traits-" + ProcessHandle.current().pid() + "-" + System.nanoTime();

    @AfterEach
    void unlink() throws IOException {
        Files.deleteIfExists(Path.of("/dev/shm", name));
    }

    private static Provider provider(PosixSymbols.Builder table) throws IOException {
        return new PosixProvider(table.build(), LinuxC.NAME_MAX());
    }

    private static Provider sizedOnce(boolean mremap) throws IOException {
        PosixSymbols.Builder t = LinuxProvider.table().shm(ShmTraits.SIZED_ONCE);
        return provider(mremap ? t : t.without("mremap"));
    }

    private String grow(long from, long to) {
        return "cannot grow tagname \"" + name + "\" from " + from + " to " + to + " bytes: a linux named map keeps"
                + " the size it was first given (rounded up to the page size) for its lifetime";
    }

    @Test
    void aSizedOnceObjectIsSizedOnceKeptForLessAndNeverGrown() throws IOException {
        try (Handle h = sizedOnce(true).openNamed(name, CreatePolicy.CREATE_NEW, Access.WRITE)) {
            assertEquals(0, h.size());
            h.setSize(8192);
            assertEquals(8192, h.size());
            h.setSize(4096);                 // Linux would shrink it; the object keeps its size
            assertEquals(8192, h.size());
            assertEquals(grow(8192, 8193), assertThrows(IOException.class, () -> h.setSize(8193)).getMessage());
            assertEquals(8192, h.size());
        }
    }

    @ParameterizedTest(name = "mremap {0}")
    @ValueSource(booleans = {true, false})
    void resizeRefusesToGrowPastTheObjectBeforeUnmappingAndRemapsWithinIt(boolean mremap) throws IOException {
        Provider p = sizedOnce(mremap);
        try (Handle h = p.openNamed(name, CreatePolicy.CREATE_NEW, Access.WRITE)) {
            h.setSize(8192);
            Region r = p.map(h, 0, 8192, Access.WRITE, MapOptions.DEFAULTS);
            r.segment().set(ValueLayout.JAVA_BYTE, 100, (byte) 7);
            // refused before anything changes: a plain IOException, and the region stays the one to use
            IOException refused = assertThrows(IOException.class, () -> r.resize(8193));
            assertEquals(IOException.class, refused.getClass());
            assertEquals(grow(8192, 8193), refused.getMessage());
            assertEquals(8192, r.segment().byteSize());
            assertEquals(7, r.segment().get(ValueLayout.JAVA_BYTE, 100), "the map was never unmapped");
            Region small = r.resize(4096);
            assertEquals(4096, small.segment().byteSize());
            assertEquals(7, small.segment().get(ValueLayout.JAVA_BYTE, 100));
            assertEquals(8192, h.size(), "the object keeps its size");
            Region back = small.resize(8192);
            assertEquals(8192, back.segment().byteSize());
            assertEquals(7, back.segment().get(ValueLayout.JAVA_BYTE, 100));
            back.close();
        }
    }

    @Test
    void copyOfANamedMapIsRefusedBeforeTheNameIsMade() throws IOException {
        Provider p = sizedOnce(true);
        assertEquals("Access.COPY is not supported for a named map on linux: its shm objects can only be mapped"
                        + " shared (MAP_SHARED); map it WRITE or READ",
                assertThrows(UnsupportedOperationException.class,
                        () -> p.openNamed(name, CreatePolicy.CREATE_NEW, Access.COPY)).getMessage());
        assertFalse(Files.exists(Path.of("/dev/shm", name)));
        Provider linux = provider(LinuxProvider.table());
        try (Handle h = linux.openNamed(name, CreatePolicy.CREATE_NEW, Access.COPY)) {
            h.setSize(4096);
            linux.map(h, 0, 4096, Access.COPY, MapOptions.DEFAULTS).close();
        }
    }

    private static final AtomicInteger SHM_OPEN_FLAGS = new AtomicInteger(-1);
    private static final MethodHandle REAL_SHM_OPEN = Linker.nativeLinker().downcallHandle(
            LinuxC.shm_open$address(), LinuxC.shm_open$descriptor());

    /** shm_open that records its oflag, as an upcall. */
    static int recordingShmOpen(MemorySegment name, int oflag, int mode) {
        SHM_OPEN_FLAGS.set(oflag);
        try {
            return (int) REAL_SHM_OPEN.invokeExact(name, oflag, mode);
        } catch (Throwable t) {
            return -1;
        }
    }

    private int shmOpenFlags(ShmTraits traits) throws Exception {
        MethodHandle target = MethodHandles.lookup().findStatic(ShmTraitsTest.class, "recordingShmOpen",
                MethodType.methodType(int.class, MemorySegment.class, int.class, int.class));
        try (Arena a = Arena.ofConfined()) {
            MemorySegment stub = Linker.nativeLinker().upcallStub(target, LinuxC.shm_open$descriptor(), a);
            Provider p = provider(LinuxProvider.table().shm(traits).fn("shm_open", Fn.of(stub, LinuxC.shm_open$descriptor())));
            p.openNamed(name, CreatePolicy.OPEN_OR_CREATE, Access.WRITE).close();
            return SHM_OPEN_FLAGS.get();
        }
    }

    @Test
    void shmOpenGetsOCloexecOnlyWhereTheOsTakesIt() throws Exception {
        int cloexec = LinuxC.O_CLOEXEC();
        assertEquals(cloexec, shmOpenFlags(ShmTraits.RESIZABLE) & cloexec);
        assertEquals(0, shmOpenFlags(ShmTraits.SIZED_ONCE) & cloexec, "xnu sets close-on-exec itself");
    }

    /** The Linux table sizing by fstat with the generated (x86_64) struct stat: the path macOS takes. */
    private static Provider sizedByFstat() throws IOException {
        assumeTrue(LinuxArch.current() == LinuxArch.X86_64, "the generated Linux struct stat is x86_64's");
        return provider(LinuxProvider.table().fstat(Fn.of(LinuxC.fstat$address(), LinuxC.fstat$descriptor()),
                new StatLayout(stat.layout().byteSize(), stat.st_size$offset(), stat.st_mode$offset(), 4, LinuxC.S_IFMT())));
    }

    @Test
    void sizesComeFromFstatWhereTheTableSaysSo() throws IOException {
        Provider p = sizedByFstat();
        Path f = Files.createTempFile("jmmap-fstat-", ".bin");
        try {
            Files.write(f, new byte[12345]);
            try (Handle h = p.openFile(f, Access.WRITE)) {
                assertEquals(12345, h.size());
                h.setSize(20000);
                assertEquals(20000, h.size());
            }
            try (Handle h = p.openNamed(name, CreatePolicy.CREATE_NEW, Access.WRITE)) {
                h.setSize(5000);
                assertEquals(5000, h.size());
            }
        } finally {
            Files.delete(f);
        }
    }

    @Test
    void aDescriptorThatFstatSaysIsAShmObjectIsSizedOnceToo() throws Throwable {
        assumeTrue(LinuxArch.current() == LinuxArch.X86_64, "the generated Linux struct stat is x86_64's");
        // typeMask 0: every descriptor looks like an xnu shm object (no file-type bits in st_mode)
        Provider p = provider(LinuxProvider.table().shm(ShmTraits.SIZED_ONCE)
                .fstat(Fn.of(LinuxC.fstat$address(), LinuxC.fstat$descriptor()),
                        new StatLayout(stat.layout().byteSize(), stat.st_size$offset(), stat.st_mode$offset(), 4, 0)));
        Path f = Files.write(Files.createTempFile("jmmap-fd-", ".bin"), new byte[8192]);
        int fd = TestLibc.open(f.toString(), TestLibc.O_RDWR);
        try (Handle h = p.openDescriptor(fd, Access.WRITE, true)) {
            assertEquals("cannot grow fd " + fd + " from 8192 to 8193 bytes: a linux named map keeps the size it was"
                    + " first given (rounded up to the page size) for its lifetime",
                    assertThrows(IOException.class, () -> h.setSize(8193)).getMessage());
            h.setSize(100);
            assertEquals(8192, Files.size(f));
        } finally {
            TestLibc.close(fd);
            Files.delete(f);
        }
    }

    private static final MethodHandle PIPE = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().findOrThrow("pipe"),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));

    @Test
    void descriptorsAreCheckedByFstatThenLseekWhereSizesComeFromFstat() throws Throwable {
        Provider p = sizedByFstat();
        assertEquals("fstat fd 999999 failed: EBADF (9): Bad file descriptor",
                assertThrows(IOException.class, () -> p.openDescriptor(999_999, Access.READ, true)).getMessage());
        try (Arena a = Arena.ofConfined()) {
            MemorySegment fds = a.allocate(ValueLayout.JAVA_INT, 2);
            assertEquals(0, (int) PIPE.invokeExact(fds));
            int read = fds.getAtIndex(ValueLayout.JAVA_INT, 0);
            try {
                String m = assertThrows(IOException.class, () -> p.openDescriptor(read, Access.READ, true)).getMessage();
                // the errno table may not name ESPIPE (another change adds names)
                assertTrue(m.matches("lseek fd " + read + " failed: (ESPIPE|errno) \\(29\\): Illegal seek"), m);
            } finally {
                LinuxC.close(read);
                LinuxC.close(fds.getAtIndex(ValueLayout.JAVA_INT, 1));
            }
        }
    }
}
