package io.github.jmmap.reliability;

import io.github.jmmap.Access;
import io.github.jmmap.Backend;
import io.github.jmmap.MapOptions;
import io.github.jmmap.MemoryMap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The child JVM of {@link SpaceSuite}: runs one scenario where /dev/shm and the temp directory
 * are small tmpfs mounts (set up by the parent with {@code unshare -m}), and prints
 * {@code result <what happened>} or {@code error <class>: <message>}.
 *
 * <pre>{@code
 * java ... io.github.jmmap.reliability.SpaceChild JAVA anonymous 8388608
 * }</pre>
 */
public final class SpaceChild {
    static final int PAGE = 4096;

    private SpaceChild() {
    }

    public static void main(String[] args) {
        Backend backend = Backend.valueOf(args[0]);
        String scenario = args[1];
        long length = Long.parseLong(args[2]);
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        MapOptions.Builder o = MapOptions.builder().backend(backend);
        try {
            String result = switch (scenario) {
                case "anonymous" -> touchAll(MemoryMap.anonymous(length, o.build()));
                case "anonymous-populate" -> touchAll(MemoryMap.anonymous(length, o.populate(true).build()));
                case "named" -> touchAll(MemoryMap.anonymous(length, o.tagname("jmmap-space").build()));
                case "named-store-fills" -> {
                    MemoryMap m = MemoryMap.anonymous(length, o.tagname("jmmap-space").build());
                    m.set(0, (byte) 1);
                    fill(Path.of("/dev/shm", "filler"));
                    yield touchAll(m);
                }
                case "named-resize" -> {
                    MemoryMap m = MemoryMap.anonymous(length, o.tagname("jmmap-space").build());
                    m.set(0, (byte) 7);
                    try {
                        m.resize(8L << 20);
                        yield "resized";
                    } catch (IOException e) {
                        yield "refused " + e.getClass().getName() + ": " + e.getMessage() + "; still " + m.length()
                                + " bytes, first byte " + m.get(0) + ", " + touchAll(m);
                    }
                }
                case "sparse-named-populate" -> {       // an object made sparse by another program
                    Path p = Path.of("/dev/shm", "jmmap-space");
                    try (FileChannel c = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                        c.truncate(0).write(ByteBuffer.allocate(1), length - 1);
                    }
                    Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                    yield touchAll(MemoryMap.anonymous(0, o.tagname("jmmap-space")
                            .createPolicy(io.github.jmmap.CreatePolicy.OPEN_EXISTING).populate(true).build()));
                }
                case "file-extend" -> touchAll(MemoryMap.open(smallFile(tmp), o.access(Access.WRITE).length(length).build()));
                case "file-preallocate" -> {
                    Path f = smallFile(tmp);
                    try {
                        MemoryMap.open(f, o.access(Access.WRITE).length(length).preallocate(true).build()).close();
                        yield "mapped";
                    } catch (IOException e) {
                        yield "refused " + e.getClass().getName() + ": " + e.getMessage() + "; size " + Files.size(f);
                    }
                }
                default -> throw new IllegalArgumentException("unknown scenario " + scenario);
            };
            System.out.println("result " + result + "; names left " + names());
        } catch (Throwable e) {
            System.out.println("error " + e.getClass().getName() + ": " + e.getMessage() + "; names left " + names());
        }
        System.out.flush();
    }

    /** Writes and reads back one byte in every page. */
    private static String touchAll(MemoryMap m) {
        try (m) {
            for (long at = 0; at < m.length(); at += PAGE) {
                m.set(at, (byte) (at / PAGE + 1));
            }
            for (long at = 0; at < m.length(); at += PAGE) {
                if (m.get(at) != (byte) (at / PAGE + 1)) {
                    return "wrong byte at " + at;
                }
            }
            return "touched " + m.length() + " bytes";
        }
    }

    private static Path smallFile(Path dir) throws IOException {
        return Files.write(dir.resolve("small.bin"), new byte[PAGE]);
    }

    /** Writes to a file until its file system is full. */
    private static void fill(Path p) throws IOException {
        try (FileChannel c = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(PAGE);
            while (true) {
                b.clear();
                c.write(b);
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
    }

    private static long names() {
        try (var s = Files.list(Path.of("/dev/shm"))) {
            return s.filter(n -> !n.getFileName().toString().equals("filler")).count();
        } catch (IOException e) {
            return -1;
        }
    }
}
