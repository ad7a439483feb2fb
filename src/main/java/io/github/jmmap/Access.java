package io.github.jmmap;

/**
 * How a map may be used, after Python's {@code ACCESS_*} constants.
 *
 * <pre>{@code
 * try (MemoryMap m = MemoryMap.open(path, Access.COPY)) {
 *     m.set(0, (byte) 'X');          // changes memory only; the file keeps its bytes
 * }
 * }</pre>
 */
public enum Access {
    /** Read-only: every write-type call throws {@link java.nio.ReadOnlyBufferException}. */
    READ,
    /** Write-through: changes reach the file (and every other map of it). */
    WRITE,
    /** Copy-on-write: changes stay in this map's memory and never reach the file. */
    COPY,
    /** Python's {@code ACCESS_DEFAULT}: shared read/write, behaves as {@link #WRITE}. */
    DEFAULT;

    /**
     * Whether writes through the map are allowed ({@code WRITE}, {@code COPY}, {@code DEFAULT}).
     *
     * <pre>{@code
     * if (m.access().writable()) m.set(0, (byte) 1);
     * }</pre>
     *
     * @return {@code true} for WRITE, COPY and DEFAULT
     */
    public boolean writable() {
        return this != READ;
    }

    /**
     * Whether writes through the map reach the file or shared object ({@code WRITE}, {@code DEFAULT}).
     *
     * <pre>{@code
     * if (m.access().shared()) m.flush();   // COPY and READ have nothing to flush
     * }</pre>
     *
     * @return {@code true} when writes reach the file or the shared memory (WRITE, DEFAULT)
     */
    public boolean shared() {
        return this == WRITE || this == DEFAULT;
    }
}
