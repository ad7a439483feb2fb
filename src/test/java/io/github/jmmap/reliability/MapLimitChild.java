package io.github.jmmap.reliability;

import io.github.jmmap.Access;
import io.github.jmmap.Backend;
import io.github.jmmap.MapOptions;
import io.github.jmmap.MemoryMap;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A child JVM of {@link MapLimitSuite}: maps {@code args[1]} (one page) with backend
 * {@code args[0]} again and again, each map its own area, until the OS refuses, then prints
 * "refused after N maps" and the message of the failure on one line each, unmaps all and exits 0
 * (1 if nothing was refused within {@code args[2]} maps).
 */
public final class MapLimitChild {
    private MapLimitChild() {
    }

    public static void main(String[] args) throws Exception {
        Backend backend = Backend.valueOf(args[0]);
        Path file = Path.of(args[1]);
        int most = Integer.parseInt(args[2]);
        MapOptions o = MapOptions.builder().backend(backend).length(4096).trackFd(false).build();
        // the failure path once before the limit: its classes are loaded then, not when no map is left
        try {
            MemoryMap.anonymous(1L << 47, MapOptions.builder().backend(backend).build()).close();
        } catch (Exception tooBig) {
            tooBig.getMessage();
        }
        // and a file map's failure, which the JAVA backend's anonymous map (refused for the room it
        // lacks before FileChannel.map) never reaches: a sparse file of 128 TiB, more than the address
        // space, in tmpfs, which holds one (ext4 stops at 16 TiB); mapping it fails as the limit does
        Path huge = Files.isDirectory(Path.of("/dev/shm")) ? Files.createTempFile(Path.of("/dev/shm"), "jmmap-limit-", "")
                : null;
        if (huge != null) {
            try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
                f.setLength(1L << 47);
                MemoryMap.open(huge, MapOptions.builder().backend(backend).access(Access.READ).build()).close();
            } catch (Exception tooBig) {
                tooBig.getMessage();
            } finally {
                Files.delete(huge);
            }
        }
        List<MemoryMap> maps = new ArrayList<>(most);
        String failure = null;
        try {
            while (maps.size() < most) {
                maps.add(MemoryMap.open(file, o));
            }
        } catch (Exception e) {
            failure = e.getClass().getName() + ": " + e.getMessage();
        }
        int n = maps.size();
        for (MemoryMap m : maps) {
            m.close();
        }
        System.out.println("refused after " + n + " maps");
        System.out.println(failure);
        System.exit(failure == null ? 1 : 0);
    }
}
