package io.github.jmmap;

/**
 * How {@link MemoryMap#flush(long, long, FlushMode)} writes a map's dirty pages back to its file,
 * after the {@code MS_*} flags of POSIX {@code msync(2)} (Python 3.15's
 * {@code flush(offset, size, flags=...)}). {@link MemoryMap#flush()} and
 * {@link MemoryMap#flush(long, long)} are {@link #SYNC}, as in Python. For READ, COPY and
 * anonymous maps every mode is a no-op, as flush is; a mode the backend cannot honour is refused
 * with {@link UnsupportedOperationException} on every map, so code behaves the same whatever it flushes.
 *
 * <table>
 * <caption>What each backend does</caption>
 * <tr><th></th><th>SYNC</th><th>ASYNC</th><th>INVALIDATE</th></tr>
 * <tr><td>NATIVE Linux</td><td>{@code msync(MS_SYNC)}</td><td>{@code msync(MS_ASYNC)}</td>
 *     <td>{@code msync(MS_SYNC | MS_INVALIDATE)}</td></tr>
 * <tr><td>NATIVE macOS</td><td>{@code msync(MS_SYNC)}</td><td>{@code msync(MS_ASYNC)}</td>
 *     <td>{@code msync(MS_SYNC | MS_INVALIDATE)}</td></tr>
 * <tr><td>NATIVE Windows</td><td>FlushViewOfFile + FlushFileBuffers</td><td>FlushViewOfFile</td>
 *     <td>UnsupportedOperationException</td></tr>
 * <tr><td>JAVA</td><td>{@code MemorySegment.force()}</td><td>{@code force()}, as SYNC</td>
 *     <td>UnsupportedOperationException</td></tr>
 * </table>
 *
 * <pre>{@code
 * try (MemoryMap m = MemoryMap.open(path, Access.WRITE)) {
 *     m.set(0, record);
 *     m.flush(0, record.length, FlushMode.ASYNC);   // start write-back, do not wait
 *     m.flush();                                    // FlushMode.SYNC: on disk now
 * }
 * }</pre>
 */
public enum FlushMode {
    /**
     * Write the dirty pages and wait until they are on the storage device (today's
     * {@link MemoryMap#flush()}).
     */
    SYNC,
    /**
     * Schedule the write-back and return without waiting; no durability is promised when it
     * returns. Linux: {@code MS_ASYNC} starts no I/O since 2.6.19 (the kernel tracks dirty pages
     * and writes them within {@code vm.dirty_expire_centisecs} anyway). Windows:
     * {@code FlushViewOfFile} without {@code FlushFileBuffers}: the writes are started, the
     * file's metadata and the disk cache are not flushed. JAVA: the JDK has no asynchronous
     * force, so this does what {@link #SYNC} does (never less than asked, but it waits).
     */
    ASYNC,
    /**
     * {@link #SYNC}, and invalidate other cached copies of the range so that they are read again
     * from the file ({@code msync(MS_SYNC | MS_INVALIDATE)}). Linux: the page cache is unified,
     * so there are no stale copies: the flag adds nothing but a check that the range is not
     * locked ({@link MemoryMap#lock()}; IOException with EBUSY if it is). macOS: the cached pages
     * of the range are invalidated after the write. Not on Windows and not on the JAVA backend
     * (UnsupportedOperationException naming them).
     */
    INVALIDATE
}
