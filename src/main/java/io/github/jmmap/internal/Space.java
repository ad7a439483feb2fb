package io.github.jmmap.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Whether the memory or file system behind a map can hold it: the checks made when a map is made
 * (so that a lack of space is an IOException then, not a fault on first touch) and the words of
 * the refusal, the same on every backend.
 *
 * <pre>{@code
 * Space.require("a named map of 8 MiB", 8 << 20, "/dev/shm", Space.usable(Path.of("/dev/shm")));
 * }</pre>
 */
public final class Space {
    private static final Path MEMINFO = Path.of("/proc/meminfo");

    private Space() {
    }

    /**
     * The bytes free for an unprivileged user on the file system holding {@code path}, or -1 if unknown.
     *
     * <pre>{@code
     * long free = Space.usable(Path.of("/dev/shm"));   // -1 if unknown
     * }</pre>
     */
    public static long usable(Path path) {
        try {
            return Files.getFileStore(path).getUsableSpace();
        } catch (IOException | RuntimeException unknown) {
            return -1;
        }
    }

    /**
     * The memory the kernel can give without swapping ({@code MemAvailable} of Linux's
     * /proc/meminfo), or -1 where that cannot be known (other systems; there populate is only a hint).
     *
     * <pre>{@code
     * if (length > Space.memoryAvailable()) { ... }
     * }</pre>
     */
    public static long memoryAvailable() {
        try {
            List<String> lines = Files.readAllLines(MEMINFO);
            for (String line : lines) {
                if (line.startsWith("MemAvailable:")) {
                    String kb = line.substring("MemAvailable:".length()).trim();
                    return Long.parseLong(kb.substring(0, kb.indexOf(' '))) * 1024;
                }
            }
        } catch (IOException | RuntimeException unknown) {
            // not Linux, or no /proc
        }
        return -1;
    }

    /**
     * Refuses to prefault {@code length} bytes of memory that only RAM (or swap) can hold when
     * more than the available memory is asked for: filling it would wake the OOM killer.
     *
     * <pre>{@code
     * if (options.populate()) Space.requirePopulatable(length);
     * }</pre>
     */
    public static void requirePopulatable(long length) throws IOException {
        long available = memoryAvailable();
        if (available >= 0 && length > available) {
            throw new IOException("populate(true) of " + length + " bytes needs more memory than is available ("
                    + available + " bytes, MemAvailable of /proc/meminfo); nothing was mapped");
        }
    }

    /**
     * The IOException for a map that the store cannot hold.
     *
     * <pre>{@code
     * throw Space.lacking("an anonymous map of 8388608 bytes", 8388608, "/tmp", 1048576);
     * }</pre>
     */
    public static IOException lacking(String what, long needed, String store, long free) {
        return new IOException(what + " needs " + needed + " more bytes, but " + store + " has only " + free
                + " bytes free: no space left to back the map");
    }

    /**
     * Refuses {@code needed} more bytes where fewer are free; does nothing where the free space is unknown (-1).
     *
     * <pre>{@code
     * Space.require(what, needed - size, "the file system that holds it", handle.freeSpace());
     * }</pre>
     */
    public static void require(String what, long needed, String store, long free) throws IOException {
        if (free >= 0 && needed > free) {
            throw lacking(what, needed, store, free);
        }
    }
}
