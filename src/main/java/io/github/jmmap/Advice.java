package io.github.jmmap;

/**
 * Hints for {@link MemoryMap#madvise(Advice)}, after POSIX {@code madvise(2)} and Python's
 * {@code mmap.MADV_*}.
 *
 * <p>The JAVA backend honours {@link #WILL_NEED} (it loads the pages, as
 * {@link java.lang.foreign.MemorySegment#load()} does) and accepts every other advice as a
 * documented no-op. The NATIVE backend passes the advice to the OS and throws
 * {@link UnsupportedOperationException}, naming the advice and the OS, for advice the OS lacks.
 *
 * <p><b>Advice that can discard data</b> is marked below: after {@link #DONT_NEED} on a
 * {@link Access#COPY} or anonymous map, {@link #FREE} or {@link #REMOVE}, the affected range may
 * read back as zeros (or as the file's bytes) instead of what was written.
 *
 * <pre>{@code
 * try (MemoryMap m = MemoryMap.open(path, Access.READ)) {
 *     m.madvise(Advice.SEQUENTIAL);
 *     m.madvise(Advice.WILL_NEED, 0, 1 << 20);   // prefetch the first MiB
 * }
 * }</pre>
 */
public enum Advice {
    /** No special treatment (the default). */
    NORMAL,
    /** Expect random access: read-ahead is reduced. */
    RANDOM,
    /** Expect sequential access: read-ahead is increased, pages freed soon after use. */
    SEQUENTIAL,
    /** Expect access soon: read the pages in now. */
    WILL_NEED,
    /**
     * Do not expect access soon: the OS may drop the pages. <b>Can discard data</b> of COPY and
     * anonymous maps (they read back as the file's bytes or zeros); shared file maps lose nothing.
     */
    DONT_NEED,
    /** Linux, macOS: the pages may be freed lazily. <b>Discards data</b> of private and anonymous maps. */
    FREE,
    /** Linux: free the range and its backing store. <b>Discards data</b>, also in the file or shm object. */
    REMOVE,
    /** Linux: do not make the range available to a child after fork. */
    DONT_FORK,
    /** Linux: undo {@link #DONT_FORK}. */
    DO_FORK,
    /** Linux: allow kernel samepage merging (KSM). */
    MERGEABLE,
    /** Linux: undo {@link #MERGEABLE}. */
    UNMERGEABLE,
    /** Linux: back the range with transparent huge pages where possible. */
    HUGEPAGE,
    /** Linux: do not use transparent huge pages for the range. */
    NO_HUGEPAGE,
    /** Linux: exclude the range from core dumps. */
    DONT_DUMP,
    /** Linux: undo {@link #DONT_DUMP}. */
    DO_DUMP,
    /** Linux 5.14+: populate (prefault) page tables readable, faulting in pages. */
    POPULATE_READ,
    /** Linux 5.14+: populate (prefault) page tables writable, faulting in pages. */
    POPULATE_WRITE
}
