package io.github.jmmap;

/**
 * The reference point of {@link MemoryMap#seek(long, Whence)}, after Python's {@code os.SEEK_*}.
 *
 * <pre>{@code
 * m.seek(-4, Whence.END);   // four bytes before the end
 * }</pre>
 */
public enum Whence {
    /** From the start of the map. */
    SET,
    /** From the current position. */
    CURRENT,
    /** From the end of the map. */
    END
}
