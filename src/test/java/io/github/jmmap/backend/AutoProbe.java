package io.github.jmmap.backend;

import io.github.jmmap.MemoryMap;

/** Child-JVM entry point for {@link AutoBackendTest}: prints the backend AUTO picks. */
public final class AutoProbe {
    private AutoProbe() {
    }

    public static void main(String[] args) throws Exception {
        try (MemoryMap m = MemoryMap.anonymous(4096)) {
            m.set(0, (byte) 1);
            System.out.println("backend=" + m.backend());
        }
    }
}
