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
import io.github.jmmap.internal.Space;
import io.github.jmmap.internal.Tagnames;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Objects;
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
            return new JavaFileHandle(FileChannel.open(path, options), path.toString(), path, false);
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
        boolean write = access != Access.READ;
        switch (policy) {
            case CREATE_NEW -> {
                try {
                    return create(path, tagname, write);
                } catch (FileAlreadyExistsException e) {
                    throw Tagnames.alreadyExists(tagname);
                }
            }
            case OPEN_OR_CREATE -> {
                while (true) {           // create it, or open the one that is there: then we know which
                    try {
                        return create(path, tagname, write);
                    } catch (FileAlreadyExistsException exists) {
                        // open it below
                    }
                    try {
                        return openExisting(path, tagname, write);
                    } catch (NoSuchFileException removedMeanwhile) {
                        // create it again
                    }
                }
            }
            default -> {
                try {
                    return openExisting(path, tagname, write);
                } catch (NoSuchFileException e) {
                    throw Tagnames.noSuchName(tagname, policy);
                }
            }
        }
    }

    /** Creates the object, mode 0600; FileAlreadyExistsException if the name exists (as anything, links too). */
    private static Handle create(Path path, String tagname, boolean write) throws IOException {
        Set<OpenOption> options = openOptions(write);
        options.add(StandardOpenOption.CREATE_NEW);
        FileAttribute<?> mode0600 = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
        return new JavaFileHandle(FileChannel.open(path, options, mode0600), "tagname \"" + tagname + "\"", SHM_DIR,
                true);
    }

    /**
     * Opens an existing object after checking what it is (so a FIFO cannot block the open), without
     * following a symbolic link, and checks that the object opened is the one checked.
     */
    private static Handle openExisting(Path path, String tagname, boolean write) throws IOException {
        BasicFileAttributes before = checkedAttributes(path, tagname);
        FileChannel channel = FileChannel.open(path, openOptions(write));
        try {
            BasicFileAttributes after = checkedAttributes(path, tagname);
            if (!Objects.equals(before.fileKey(), after.fileKey())) {
                throw new FileSystemException(tagname, null, "the named object was replaced while it was opened");
            }
            return new JavaFileHandle(channel, "tagname \"" + tagname + "\"", SHM_DIR, false);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static BasicFileAttributes checkedAttributes(Path path, String tagname) throws IOException {
        Tagnames.checkPath(path, tagname, processUid());
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

    private static Set<OpenOption> openOptions(boolean write) {
        Set<OpenOption> options = new HashSet<>();
        options.add(StandardOpenOption.READ);
        if (write) {
            options.add(StandardOpenOption.WRITE);
        }
        options.add(LinkOption.NOFOLLOW_LINKS);
        return options;
    }

    /** This process's effective uid: the owner of /proc/self (Linux, where /dev/shm is). */
    private static int processUid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
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
        Path dir = anonymousDirectory(length);
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
        JavaFileHandle handle = new JavaFileHandle(channel, "anonymous", dir, false);
        try {
            handle.setSize(length);
            return JavaRegion.map(handle, true, 0, length, access, options.populate());
        } catch (IOException | RuntimeException e) {
            handle.close();
            throw e;
        }
    }

    /**
     * Where an anonymous map's backing file goes: /dev/shm (memory, like MAP_ANONYMOUS) if it has
     * room for the whole map, else the temp directory (a disk) if that has; else the map is
     * refused now, instead of faulting when a page past the room is first touched.
     */
    private static Path anonymousDirectory(long length) throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long shmFree = -1;
        if (Files.isDirectory(SHM_DIR) && Files.isWritable(SHM_DIR)) {
            shmFree = Space.usable(SHM_DIR);
            if (shmFree < 0 || shmFree >= length) {
                return SHM_DIR;
            }
        }
        long tmpFree = Space.usable(tmp);
        if (tmpFree < 0 || tmpFree >= length) {
            return tmp;
        }
        throw Space.lacking("an anonymous map of " + length + " bytes (the JAVA backend keeps it in a deleted file)",
                length, (shmFree >= 0 ? SHM_DIR + " has " + shmFree + " bytes free and " : "") + "the temp directory "
                        + tmp, tmpFree);
    }
}
