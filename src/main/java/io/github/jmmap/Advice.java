package io.github.jmmap;

/**
 * Hints for {@link MemoryMap#madvise(Advice)}, after POSIX {@code madvise(2)} and Python's
 * {@code mmap.MADV_*}.
 *
 * <p>The JAVA backend honours {@link #WILL_NEED} (it loads the pages, as
 * {@link java.lang.foreign.MemorySegment#load()} does) and accepts every other advice as a
 * documented no-op: there, {@link #DONT_NEED}, {@link #FREE} and {@link #REMOVE} never discard
 * anything (the refusals below still apply, so code behaves the same on both backends). The
 * NATIVE backend passes the advice to the OS and throws {@link UnsupportedOperationException},
 * naming the advice and the OS, for advice the OS lacks.
 *
 * <p><b>Advice that can discard data</b> ({@link #discardsData(Access)}): {@link #REMOVE} and
 * {@link #FREE} on every map, {@link #DONT_NEED} on private memory ({@link Access#COPY} maps, of a
 * file or anonymous). Such advice
 * <ul>
 *   <li>acts only on the whole pages inside the requested range (rounded inward, within the map's
 *       own bytes even when its offset is not page aligned); a range that holds no whole page is
 *       a no-op, so bytes outside the range, in the map or in the file, never change;</li>
 *   <li>is refused with {@link java.nio.ReadOnlyBufferException}, naming the advice, while the map
 *       is read-only ({@link Access#READ}, or after {@link MemoryMap#protect(Access)
 *       protect(READ)}): the OS would discard the data although the map cannot write;</li>
 *   <li>{@link #FREE} is allowed on private memory only (COPY maps) and refused with
 *       UnsupportedOperationException elsewhere: on shared memory macOS kills the pages for
 *       every process that maps them, and Linux refuses it; {@link #REMOVE} is allowed on shared
 *       memory only (WRITE or DEFAULT maps), the only memory with a backing store to free.</li>
 * </ul>
 * The other advice is a hint: it acts on every page the range touches (rounded outward).
 *
 * <p>{@link #DONT_NEED} per kind of map: on a shared map of a file or of shared (anonymous or
 * named) memory it loses nothing on any OS (Linux drops the pages and reads them back from the
 * file or object, as madvise(2) says; macOS deactivates them; Windows trims the working set). On
 * a COPY map Linux discards the private changes (the pages read back as the file's bytes, or
 * zeros for anonymous memory); macOS and Windows keep them, but jmmap treats it as discarding
 * data on every OS.
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
     * Do not expect access soon: the OS may drop the pages. <b>Discards data</b> of COPY maps
     * (Linux: they read back as the file's bytes or zeros); shared maps lose nothing.
     */
    DONT_NEED,
    /**
     * Linux, macOS: the pages may be freed lazily. <b>Discards data.</b> COPY maps only (Linux:
     * anonymous ones only).
     */
    FREE,
    /**
     * Linux: free the range and its backing store. <b>Discards data</b>, also in the file or shm
     * object. Shared (WRITE or DEFAULT) maps only.
     */
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
    POPULATE_WRITE;

    /**
     * Whether this advice can discard data on a map opened with {@code openedWith}: {@link #REMOVE}
     * and {@link #FREE} always, {@link #DONT_NEED} on private memory ({@link Access#COPY}). Such
     * advice acts only on whole pages inside the range and is refused on a read-only map (see
     * above). Pass the access the map was opened with: after {@code protect(READ)} a COPY map's
     * memory is still private.
     *
     * <pre>{@code
     * Advice.DONT_NEED.discardsData(Access.WRITE);   // false: a shared map reads the file again
     * Advice.DONT_NEED.discardsData(Access.COPY);    // true: private changes are dropped
     * Advice.REMOVE.discardsData(Access.WRITE);      // true
     * }</pre>
     *
     * @param openedWith the access the map was opened with
     * @return true if the advice can make bytes read back differently from what was written
     */
    public boolean discardsData(Access openedWith) {
        java.util.Objects.requireNonNull(openedWith, "openedWith");
        return switch (this) {
            case REMOVE, FREE -> true;
            case DONT_NEED -> openedWith == Access.COPY;
            default -> false;
        };
    }
}
