package io.github.jmmap.internal.javamap;

import io.github.jmmap.Access;
import io.github.jmmap.Backend;
import io.github.jmmap.CreatePolicy;
import io.github.jmmap.FlushMode;
import io.github.jmmap.MapOptions;
import io.github.jmmap.internal.Handle;
import io.github.jmmap.internal.Os;
import io.github.jmmap.internal.Provider;
import io.github.jmmap.internal.Region;
import io.github.jmmap.internal.Tagnames;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;

/**
 * The JAVA backend: pure Java over {@code FileChannel.map(mode, offset, length, Arena)}, the
 * JDK's MappedByteBuffer machinery. Needs no native access. Named maps live in {@code /dev/shm}
 * where the OS has it (Linux), where {@code shm_open} keeps them too, so the NATIVE backend opens
 * the same memory by the same name. Anonymous maps are a deleted file in {@code /dev/shm} (or the
 * temp directory), so their pages are zero-filled lazily, as with {@code MAP_ANONYMOUS}.
 */
public final class JavaProvider implements Provider {
    public static final JavaProvider INSTANCE = new JavaProvider();

    private static final Path SHM_DIR = Path.of("/dev/shm");
    /** NAME_MAX of Linux's tmpfs, which holds /dev/shm. */
    private static final int MAX_TAGNAME = 255;

    private final Os os = Os.current();

    private JavaProvider() {
    }

    @Override
    public Backend backend() {
        return Backend.JAVA;
    }

    @Override
    public String osName() {
        return os.id();
    }

    /**
     * Pure Java cannot ask the OS; this is the page size of the platforms jmmap runs on (16 KiB on
     * Apple silicon, 4 KiB elsewhere). The NATIVE backend asks the OS.
     */
    @Override
    public long pageSize() {
        return os == Os.MACOS && System.getProperty("os.arch", "").equals("aarch64") ? 16384 : 4096;
    }

    @Override
    public long allocationGranularity() {
        return os == Os.WINDOWS ? 65536 : pageSize();
    }

    /** Why FlushMode.INVALIDATE is refused here. */
    static final String INVALIDATE_REFUSED = "FlushMode.INVALIDATE is not supported by the JAVA backend:"
            + " the JDK can only force (MappedByteBuffer.force / MemorySegment.force), not msync(MS_INVALIDATE);"
            + " use Backend.NATIVE";

    @Override
    public void checkFlushMode(FlushMode mode) {
        if (mode == FlushMode.INVALIDATE) {
            throw new UnsupportedOperationException(INVALIDATE_REFUSED);
        }
    }

    @Override
    public Handle openFile(Path path, Access access) throws IOException {
        Tagnames.requireRegularFile(path);
        Set<OpenOption> options = access == Access.READ
                ? Set.of(StandardOpenOption.READ)
                : Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            return new JavaFileHandle(FileChannel.open(path, options), path.toString());
        } catch (AccessDeniedException e) {
            if (access == Access.COPY) {
                throw new AccessDeniedException(path.toString(), null,
                        "Access.COPY on the JAVA backend needs write permission on the file"
                                + " (FileChannel.map PRIVATE asks for it; the file is never written);"
                                + " the NATIVE backend does not");
            }
            throw e;
        }
    }

    @Override
    public void checkTagname(String tagname) {
        requireShm();
        Tagnames.checkPosix(tagname, MAX_TAGNAME, os.id());
    }

    private void requireShm() {
        if (!Files.isDirectory(SHM_DIR)) {
            throw new UnsupportedOperationException("named maps on the JAVA backend need /dev/shm, which "
                    + os.id() + " does not have; use Backend.NATIVE");
        }
    }

    @Override
    public Handle openNamed(String tagname, CreatePolicy policy, Access access) throws IOException {
        requireShm();
        Path path = SHM_DIR.resolve(tagname);
        Set<OpenOption> options = new HashSet<>();
        options.add(StandardOpenOption.READ);
        if (access != Access.READ) {
            options.add(StandardOpenOption.WRITE);
        }
        switch (policy) {
            case CREATE_NEW -> options.add(StandardOpenOption.CREATE_NEW);
            case OPEN_OR_CREATE -> options.add(StandardOpenOption.CREATE);
            case OPEN_EXISTING -> { }
        }
        FileAttribute<?> mode0600 = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
        try {
            FileChannel channel = policy == CreatePolicy.OPEN_EXISTING
                    ? FileChannel.open(path, options)
                    : FileChannel.open(path, options, mode0600);
            return new JavaFileHandle(channel, "tagname \"" + tagname + "\"");
        } catch (NoSuchFileException e) {
            throw Tagnames.noSuchName(tagname, policy);
        } catch (FileAlreadyExistsException e) {
            throw Tagnames.alreadyExists(tagname);
        }
    }

    @Override
    public boolean unlinkNamed(String tagname) throws IOException {
        checkTagname(tagname);
        return Files.deleteIfExists(SHM_DIR.resolve(tagname));
    }

    @Override
    public Region map(Handle handle, long offset, long length, Access access, MapOptions options) throws IOException {
        return JavaRegion.map((JavaFileHandle) handle, false, offset, length, access, options.populate());
    }

    @Override
    public Region mapAnonymous(long length, Access access, MapOptions options) throws IOException {
        Path dir = Files.isDirectory(SHM_DIR) && Files.isWritable(SHM_DIR)
                ? SHM_DIR : Path.of(System.getProperty("java.io.tmpdir"));
        Path file = Files.createTempFile(dir, "jmmap-anon-", "");
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    StandardOpenOption.DELETE_ON_CLOSE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        try {
            Files.deleteIfExists(file);   // POSIX: gone from the directory now; elsewhere at close
        } catch (IOException stillOpenOnThisOs) {
            // DELETE_ON_CLOSE removes it when the channel closes
        }
        JavaFileHandle handle = new JavaFileHandle(channel, "anonymous");
        try {
            handle.setSize(length);
            return JavaRegion.map(handle, true, 0, length, access, options.populate());
        } catch (IOException | RuntimeException e) {
            handle.close();
            throw e;
        }
    }
}
