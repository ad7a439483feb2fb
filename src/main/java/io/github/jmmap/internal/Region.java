package io.github.jmmap.internal;

import io.github.jmmap.Access;
import io.github.jmmap.Advice;
import io.github.jmmap.FlushMode;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * One live mapping. Its {@link #segment()} is bound to a shared Arena whose close unmaps, so
 * access through an old segment after {@link #close()} or {@link #resize} throws
 * IllegalStateException instead of faulting. Offsets given to a region are relative to the
 * start of its segment and already checked against its length.
 */
public interface Region {

    /**
     * The page-aligned part of a whole mapping that covers {@code [off, off + len)} of the user's
     * window, which starts {@code delta} bytes into the mapping: what msync, madvise, mincore,
     * mlock and their Windows twins are given.
     */
    static MemorySegment pages(MemorySegment mapping, long delta, long pageSize, long off, long len) {
        long start = delta + off;
        long alignedStart = start - start % pageSize;
        return mapping.asSlice(alignedStart, start + len - alignedStart);
    }

    /**
     * The pages madvise (or its Windows twin) is given for {@code advice} on {@code [off, off + len)}
     * of the user's window, which starts {@code delta} bytes into the mapping. Advice that can
     * discard data ({@link Advice#discardsData}) gets only the whole pages inside the range
     * (rounded inward), so no byte outside it, in the map or in the file beside it, is touched;
     * an empty segment when there is none (then nothing is to be done). Other advice gets
     * {@link #pages}, every page the range touches. One rule for every provider.
     *
     * <pre>{@code
     * MemorySegment range = Region.advicePages(advice, access, full, delta, pageSize, off, len);
     * if (range.byteSize() > 0) madvise(range, value);
     * }</pre>
     */
    static MemorySegment advicePages(Advice advice, Access openedWith, MemorySegment mapping, long delta,
                                     long pageSize, long off, long len) {
        if (!advice.discardsData(openedWith)) {
            return pages(mapping, delta, pageSize, off, len);
        }
        long start = delta + off;
        long end = start + len;
        long first = (start + pageSize - 1) / pageSize * pageSize;
        long last = end / pageSize * pageSize;
        return last > first ? mapping.asSlice(first, last - first) : mapping.asSlice(0, 0);
    }

    /** The mapped bytes, exactly the user's window (alignment delta hidden). */
    MemorySegment segment();

    /** Writes dirty pages of the range to the file (msync / force); a no-op where nothing is shared. */
    void flush(long offset, long length) throws IOException;

    /**
     * Writes dirty pages of the range to the file as {@code mode} says (msync MS_SYNC / MS_ASYNC /
     * MS_SYNC|MS_INVALIDATE, FlushViewOfFile with or without FlushFileBuffers, force); a no-op
     * where nothing is shared. The mode was accepted by {@link Provider#checkFlushMode}.
     */
    void flush(long offset, long length, FlushMode mode) throws IOException;

    /** Passes advice for the range to the OS. */
    void advise(Advice advice, long offset, long length) throws IOException;

    /**
     * Changes the mapped length, setting the size of the file or object behind it to
     * {@code offset + newLength} where there is one. Returns the region to use from now on
     * (possibly this one); the old segment is invalid afterwards. A failure never loses the map:
     * it throws {@link ResizeFailed} with the region to use (the old length, data and file size),
     * or any other exception with this region unchanged and still in use.
     */
    Region resize(long newLength) throws IOException;

    /** Whether the range is resident in memory (mincore; a hint). */
    boolean isLoaded(long offset, long length) throws IOException;

    /** Locks the range in memory (mlock / VirtualLock). */
    default void lock(long offset, long length) throws IOException {
        throw new UnsupportedOperationException("lock() needs the NATIVE backend");
    }

    /** Undoes {@link #lock}. */
    default void unlock(long offset, long length) throws IOException {
        throw new UnsupportedOperationException("unlock() needs the NATIVE backend");
    }

    /**
     * Changes the page protection of the whole region (mprotect / VirtualProtect); returns the
     * region to use from now on, whose segment replaces the old one (old views become invalid,
     * so none can write to pages that are now read-only). Old views are invalidated before the
     * protection changes; on failure it throws {@link ResizeFailed} with the region to use, or
     * any other exception with this region unchanged and still in use.
     */
    default Region protect(Access access) throws IOException {
        throw new UnsupportedOperationException("protect() needs the NATIVE backend");
    }

    /**
     * Names the anonymous memory for Linux's {@code /proc/<pid>/maps} (prctl PR_SET_VMA_ANON_NAME),
     * or removes its name ({@code null}); the name, already checked by
     * {@link VmaNames#check}, survives {@link #resize}. Called for anonymous maps only.
     *
     * @throws UnsupportedOperationException where the OS, kernel or backend cannot name memory
     */
    default void setName(String name) throws IOException {
        throw new UnsupportedOperationException("naming anonymous memory needs the NATIVE backend on Linux");
    }

    /**
     * The file or object the region maps, or null (anonymous memory with none): what a fault is
     * diagnosed against when the map keeps no handle of its own (the JAVA backend's anonymous maps).
     *
     * <pre>{@code
     * Handle h = region.backing();   // null for NATIVE anonymous memory
     * }</pre>
     */
    default Handle backing() {
        return null;
    }

    /**
     * Unmaps; safe against readers on other threads. Idempotent. At once or not at all: while a
     * JDK I/O call or a native call holds the memory it throws IllegalStateException and changes
     * nothing; a failing unmap is thrown as UncheckedIOException, the region closed.
     */
    void close();

    /**
     * The map that owned this region was dropped without close(), and this runs on the cleaner
     * thread: release what is safe to release now and say what, for the warning. The default
     * (regions whose memory a {@link Mapping} owns) releases nothing now: the mapping unmaps itself
     * once no segment of it is reachable.
     *
     * @param exported whether {@code segment()} handed a view of the memory to the user
     */
    default String abandoned(boolean exported) {
        return "its memory is unmapped once no segment of it is reachable";
    }
}
