package io.github.jmmap.reliability;

import io.github.jmmap.Access;
import io.github.jmmap.Backend;
import io.github.jmmap.MapOptions;
import io.github.jmmap.MemoryMap;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A child JVM for {@link LifetimeSuite}: drops one map of a file without closing it (opened before
 * any map was dropped, it has no recorded site), collects garbage until it is released, then drops
 * {@code n} maps of the file without closing them, then
 * collects garbage until they are gone, and prints
 * {@code held H mappings M descriptorsBefore D descriptors E}: the file's mappings while the maps
 * were merely unreferenced, and after GC, and the open descriptors before and after. jmmap's
 * warnings go to stderr (java.util.logging's console handler). Then it drops two more maps but
 * keeps a segment of one and a CharSequence view of the other, collects garbage, and prints
 * {@code views S C}: what they read (the file's first byte as written through the segment, and
 * the view's char 1). A child, as the JAVA backend keeps such a map mapped until the JVM exits.
 */
public final class LeakChild {
    private LeakChild() {
    }

    public static void main(String[] args) throws Exception {
        Backend backend = Backend.valueOf(args[0]);
        Path file = Path.of(args[1]);
        int n = Integer.parseInt(args[2]);
        String name = file.getFileName().toString();
        MemoryMap.open(file, MapOptions.builder().backend(backend).access(Access.READ).build()).close();   // warm up
        System.gc();
        long fdsBefore = descriptors();
        drop(backend, file, 1);                          // opened before any map was dropped: no site recorded
        collect(name, fdsBefore);
        drop(backend, file, n);                          // opened after: each records where
        long held = mappings(name);
        collect(name, fdsBefore);
        System.out.println("held " + held + " mappings " + mappings(name) + " descriptorsBefore " + fdsBefore
                + " descriptors " + descriptors());
        MemorySegment segment = MemoryMap.open(file, MapOptions.builder().backend(backend).access(Access.WRITE)
                .build()).segment();
        CharSequence text = MemoryMap.open(file, MapOptions.builder().backend(backend).access(Access.READ).build())
                .asCharSequence();
        for (int i = 0; i < 10; i++) {
            System.gc();
            Thread.sleep(20);
        }
        segment.set(ValueLayout.JAVA_BYTE, 0, (byte) 'J');
        System.out.println("views " + (char) segment.get(ValueLayout.JAVA_BYTE, 0) + " " + (int) text.charAt(1));
    }

    /** Collects garbage until the dropped maps are released, and lets the cleaner log. */
    private static void collect(String name, long fdsBefore) throws IOException, InterruptedException {
        for (int i = 0; i < 200 && (mappings(name) > 0 || descriptors() > fdsBefore + 4); i++) {
            System.gc();
            Thread.sleep(20);
        }
        Thread.sleep(200);                               // the cleaner's last warnings
    }

    private static void drop(Backend backend, Path file, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            MemoryMap m = MemoryMap.open(file, MapOptions.builder().backend(backend).access(Access.WRITE).build());
            m.set(i % 4096, (byte) i);
        }
    }

    private static long mappings(String name) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/maps")).stream().filter(l -> l.contains(name)).count();
    }

    private static long descriptors() throws IOException {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }
}
