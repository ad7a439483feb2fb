package io.github.jmmap;

/**
 * Which implementation maps the memory. Both pass the same conformance suite.
 *
 * <pre>{@code
 * MapOptions o = MapOptions.builder().backend(Backend.JAVA).build();
 * try (MemoryMap m = MemoryMap.open(path, o)) {
 *     assert m.backend() == Backend.JAVA;
 * }
 * }</pre>
 */
public enum Backend {
    /**
     * NATIVE where the OS is supported and native access is enabled for jmmap's module
     * ({@code --enable-native-access=io.github.jmmap}, or {@code =ALL-UNNAMED} on the class path),
     * otherwise JAVA. The choice is made once per JVM and logged once through {@link System.Logger}.
     */
    AUTO,
    /** {@code mmap}/{@code MapViewOfFile} and friends called directly through the FFM API. */
    NATIVE,
    /** Pure Java over the JDK's {@code FileChannel.map}; needs no native access. */
    JAVA
}
