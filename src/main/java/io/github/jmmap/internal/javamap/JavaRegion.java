package io.github.jmmap.internal.javamap;

import io.github.jmmap.Access;
import io.github.jmmap.Advice;
import io.github.jmmap.FlushMode;
import io.github.jmmap.internal.Arenas;
import io.github.jmmap.internal.Errors;
import io.github.jmmap.internal.Handle;
import io.github.jmmap.internal.Os;
import io.github.jmmap.internal.Region;
import io.github.jmmap.internal.ResizeFailed;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;

/**
 * A mapping made by {@code FileChannel.map(mode, offset, length, arena)}: the JDK aligns the
 * offset and unmaps when the arena (shared, or confined: {@link Arenas#open}) closes.
 */
final class JavaRegion implements Region {
    private final JavaFileHandle handle;
    private final boolean ownsHandle;     // anonymous maps own their (deleted) backing file
    private final long offset;
    private final Access access;
    private final boolean populate;
    private final Arena arena;
    private final MemorySegment segment;

    private JavaRegion(JavaFileHandle handle, boolean ownsHandle, long offset, Access access,
                       boolean populate, Arena arena, MemorySegment segment) {
        this.handle = handle;
        this.ownsHandle = ownsHandle;
        this.offset = offset;
        this.access = access;
        this.populate = populate;
        this.arena = arena;
        this.segment = segment;
    }

    static JavaRegion map(JavaFileHandle handle, boolean ownsHandle, long offset, long length,
                          Access access, boolean populate) throws IOException {
        Arena arena = Arenas.open();
        try {
            MemorySegment segment;
            try {
                segment = handle.channel().map(mode(access), offset, length, arena);
            } catch (IOException e) {
                throw mapFailed(e, handle, length);
            }
            if (populate) {
                try {
                    segment.load();
                } catch (InternalError e) {        // a page the store cannot hold: say so, at open
                    throw Errors.fault(e, handle, offset + length).getCause();
                }
            }
            return new JavaRegion(handle, ownsHandle, offset, access, populate, arena, segment);
        } catch (IOException | RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    /**
     * FileChannel.map's IOException names neither the file nor, when the OS is out of maps or
     * address space ("Map failed", caused by an OutOfMemoryError), what to check: this adds both.
     */
    private static IOException mapFailed(IOException e, JavaFileHandle handle, long length) {
        String hint = e.getCause() instanceof OutOfMemoryError ? Errors.mapLimitHint(Os.current(), length) : "";
        return new IOException("FileChannel.map " + handle.describe() + " failed: " + e.getMessage() + hint, e);
    }

    private static FileChannel.MapMode mode(Access access) {
        return switch (access) {
            case READ -> FileChannel.MapMode.READ_ONLY;
            case COPY -> FileChannel.MapMode.PRIVATE;
            case WRITE, DEFAULT -> FileChannel.MapMode.READ_WRITE;
        };
    }

    @Override
    public Handle backing() {
        return handle;
    }

    @Override
    public MemorySegment segment() {
        return segment;
    }

    @Override
    public void flush(long off, long length) {
        if (access.shared() && !ownsHandle && length > 0) {
            segment.asSlice(off, length).force();
        }
    }

    /** SYNC and ASYNC: force (the JDK has no asynchronous force); INVALIDATE is refused by the provider. */
    @Override
    public void flush(long off, long length, FlushMode mode) {
        if (mode == FlushMode.INVALIDATE) {
            throw new UnsupportedOperationException(JavaProvider.INVALIDATE_REFUSED);
        }
        flush(off, length);
    }

    @Override
    public void advise(Advice advice, long off, long length) {
        // The JDK can honour WILL_NEED (load touches every page); the rest are documented no-ops.
        if (advice == Advice.WILL_NEED && length > 0) {
            segment.asSlice(off, length).load();
        }
    }

    /**
     * A longer map is made before the old one goes, so a failure leaves the old one as it was;
     * a shorter one after (Windows cannot truncate a file while a view reaches past the new end),
     * with the file truncated only once the old view is gone, and mapped again at the old length
     * if that fails. The file's size is put back whenever the resize fails.
     */
    @Override
    public Region resize(long newLength) throws IOException {
        long oldLength = segment.byteSize();
        long sizeBefore = handle.size();
        long newSize = offset + newLength;
        if (newLength > oldLength) {
            if (newSize > sizeBefore) {
                handle.setSize(newSize);               // EFBIG, ENOSPC, ...: nothing changed
            }
            JavaRegion resized;
            try {
                resized = map(handle, ownsHandle, offset, newLength, access, populate);
            } catch (IOException | RuntimeException | Error e) {
                restoreSize(sizeBefore, handle.size(), e);
                throw e;
            }
            try {
                Arenas.close(arena, "resize");         // in use: nothing changed, the new map goes again
            } catch (RuntimeException | Error inUse) {
                resized.arena.close();
                restoreSize(sizeBefore, handle.size(), inUse);
                throw inUse;
            }
            if (newSize < sizeBefore) {
                truncate(resized, newSize);
            }
            return resized;
        }
        Arenas.close(arena, "resize");                 // in use: nothing changed
        try {
            handle.setSize(newSize);
            return map(handle, ownsHandle, offset, newLength, access, populate);
        } catch (IOException | RuntimeException e) {
            Region restored;
            try {                                      // put the old mapping back, then report
                restoreSize(sizeBefore, handle.size(), e);
                restored = map(handle, ownsHandle, offset, oldLength, access, populate);
            } catch (IOException | RuntimeException again) {
                e.addSuppressed(again);
                throw e;
            }
            throw new ResizeFailed(restored, e);
        }
    }

    /** Sets the file's size back to {@code sizeBefore} if it is now {@code sizeNow}, keeping the failure. */
    private void restoreSize(long sizeBefore, long sizeNow, Throwable failure) {
        if (sizeNow != sizeBefore) {
            try {
                handle.setSize(sizeBefore);
            } catch (IOException again) {
                failure.addSuppressed(again);
            }
        }
    }

    /** A file longer than the grown map is cut to its end, as a resize does; a failure keeps the new map. */
    private void truncate(JavaRegion resized, long newSize) throws ResizeFailed {
        try {
            handle.setSize(newSize);
        } catch (IOException e) {
            throw new ResizeFailed(resized, new IOException("the map was resized, but the file's size could not be"
                    + " changed: " + e.getMessage(), e));
        }
    }

    /** A JAVA-backend anonymous map is a deleted file, which Linux does not name (it has a path). */
    @Override
    public void setName(String name) {
        throw new UnsupportedOperationException("setName() needs the NATIVE backend: a JAVA-backend anonymous map is"
                + " a deleted file in /dev/shm or the temp directory, not anonymous memory, and only anonymous"
                + " memory takes a name");
    }

    @Override
    public boolean isLoaded(long off, long length) {
        return length == 0 || segment.asSlice(off, length).isLoaded();
    }

    /**
     * The JDK unmaps only when the arena closes, so a dropped map's memory is released here if no
     * view of it can still be in use: when segment() never handed one out (CharSequence views
     * keep their map reachable). Otherwise the mapping stays, since closing the arena would make
     * the user's segments throw.
     */
    @Override
    public String abandoned(boolean exported) {
        if (Arenas.confinedElsewhere(segment)) {
            if (ownsHandle) {
                try {
                    handle.close();
                } catch (IOException ignored) {
                    // the deleted backing file: nothing is lost
                }
            }
            return "not its mapping: it belongs to a confined Arena (MapOptions.confined(true)) that only its owner"
                    + " thread can close, and the JAVA backend cannot unmap it otherwise (it stays mapped until the"
                    + " JVM exits)";
        }
        if (exported) {
            return "not its mapping: segment() handed out views that may still be in use, and the JAVA backend"
                    + " cannot tell (it stays mapped until the JVM exits)";
        }
        close();
        return "its mapping is unmapped";
    }

    @Override
    public void close() {
        Arenas.close(arena, "close");
        if (ownsHandle) {
            try {
                handle.close();
            } catch (IOException ignored) {
                // the mapping is gone; a failing close of the deleted backing file loses nothing
            }
        }
    }
}
