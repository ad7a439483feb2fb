/**
 * jmmap: Python's {@code mmap} object for Java 25+.
 *
 * <pre>{@code
 * try (MemoryMap m = MemoryMap.open(Path.of("data.bin"), Access.READ)) {
 *     long at = m.find("needle".getBytes());
 * }
 * }</pre>
 *
 * The NATIVE backend needs {@code --enable-native-access=io.github.jmmap}; without it
 * {@link io.github.jmmap.Backend#AUTO} uses the pure-Java backend.
 */
module io.github.jmmap {
    exports io.github.jmmap;
}
