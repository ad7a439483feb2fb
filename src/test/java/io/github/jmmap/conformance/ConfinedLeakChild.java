package io.github.jmmap.conformance;

import io.github.jmmap.Access;
import io.github.jmmap.Backend;
import io.github.jmmap.MapOptions;
import io.github.jmmap.MemoryMap;

import java.nio.file.Path;

/**
 * A child JVM for {@link ConfinedSuite}: drops {@code n} confined maps of a file, collects garbage
 * until they are gone (the cleaner thread is not their owner), and prints
 * {@code held H mappings M descriptorsBefore D descriptors E}. Then a thread opens a confined map
 * and ends without closing it, and the child prints {@code after owner died: M}, the file's
 * mappings after GC. A child, as the JAVA backend keeps such maps mapped until the JVM exits.
 */
public final class ConfinedLeakChild {
    private ConfinedLeakChild() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("jmmap.leakSites", "true");  // before jmmap loads: every dropped map names its site
        Backend backend = Backend.valueOf(args[0]);
        Path file = Path.of(args[1]);
        int n = Integer.parseInt(args[2]);
        String name = file.getFileName().toString();
        MapOptions o = MapOptions.builder().backend(backend).access(Access.WRITE).confined(true).build();
        MemoryMap.open(file, o).close();                 // warm up
        System.gc();
        long fdsBefore = ConfinedSuite.descriptors();
        for (int i = 0; i < n; i++) {
            MemoryMap.open(file, o).set(i % 4096, (byte) i);
        }
        long held = ConfinedSuite.mappings(name);
        for (int i = 0; i < 200 && (ConfinedSuite.descriptors() > fdsBefore + 4
                || (backend == Backend.NATIVE && ConfinedSuite.mappings(name) > 0)); i++) {
            System.gc();
            Thread.sleep(20);
        }
        Thread.sleep(200);                               // the cleaner's last warnings
        long mapped = ConfinedSuite.mappings(name);
        System.out.println("held " + held + " mappings " + mapped + " descriptorsBefore " + fdsBefore
                + " descriptors " + ConfinedSuite.descriptors());
        Thread owner = new Thread(() -> {
            try {
                MemoryMap.open(file, o).set(0, (byte) 1);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, "short-lived");
        owner.start();
        owner.join();
        for (int i = 0; i < 100 && ConfinedSuite.mappings(name) > mapped; i++) {
            System.gc();
            Thread.sleep(20);
        }
        System.out.println("after owner died: " + (ConfinedSuite.mappings(name) - mapped));
    }
}
