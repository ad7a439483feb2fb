package io.github.jmmap.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open maps in this JVM that run read-modify-write atomics, by file (its {@code fileKey}: device
 * and inode on POSIX), with the bytes of the file each covers. A resize that would shrink a file
 * below such a map's bytes is refused: a compare-and-set or get-and-add on a page the truncation
 * removes kills the JVM (the JDK does not guard those instructions against SIGBUS). A map joins on
 * its first such atomic, so maps that never run one cost nothing; what another process does to the
 * file cannot be seen here.
 */
public final class SharedFiles {
    private static final Map<Object, Set<Extent>> USERS = new ConcurrentHashMap<>();

    private SharedFiles() {
    }

    /** The bytes {@code [start, end)} of a file that one map covers. */
    public static final class Extent {
        private final Object key;
        private final long start;
        private volatile long end;

        private Extent(Object key, long start, long end) {
            this.key = key;
            this.start = start;
            this.end = end;
        }

        /** The map now ends at {@code newEnd} in the file. */
        public void end(long newEnd) {
            end = newEnd;
        }

        /** The map is closed or dropped. */
        public void leave() {
            USERS.computeIfPresent(key, (k, set) -> {
                set.remove(this);
                return set.isEmpty() ? null : set;
            });
        }
    }

    /** The file's identity, or null where the file system has none. */
    public static Object key(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
    }

    /** Registers a map covering {@code [start, end)} of the file; null if the file has no key. */
    public static Extent join(Path path, long start, long end) throws IOException {
        Object key = key(path);
        if (key == null) {
            return null;
        }
        Extent e = new Extent(key, start, end);
        USERS.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(e);
        return e;
    }

    /**
     * Refuses, with IllegalStateException, to cut the file at {@code path} to {@code newSize} bytes
     * while another map of it that runs atomics covers bytes past that.
     */
    public static void checkShrink(Path path, long newSize, Extent self, String description) throws IOException {
        if (USERS.isEmpty()) {
            return;
        }
        Object key = key(path);
        Set<Extent> users = key == null ? null : USERS.get(key);
        if (users == null) {
            return;
        }
        for (Extent e : users) {
            if (e != self && e.end > newSize) {
                throw new IllegalStateException("cannot resize the map of " + description + " to end at byte "
                        + newSize + ": another open map of the file in this JVM (bytes [" + e.start + ", " + e.end
                        + ")) runs compare-and-set or get-and-add atomics, and one of those on a page a truncation"
                        + " removes crashes the JVM (SIGBUS); close that map first. Nothing was changed");
            }
        }
    }
}
