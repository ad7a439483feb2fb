package io.github.jmmap.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Memory the NATIVE backend mapped itself, bound to an Arena of its own (shared, or confined for
 * {@code MapOptions.confined(true)}, see {@link Arenas#open}): closing the arena
 * unmaps it (a failure of the unmap is thrown from the close as UncheckedIOException), and
 * access through any segment of it afterwards throws IllegalStateException. If the arena is
 * never closed (its map was dropped without close()) the memory is unmapped once nothing can
 * reach the arena's session any more, that is, once no segment of it is reachable either: a
 * Cleaner watches the session, never this object, and its action holds only the addresses, so it
 * unmaps by address without closing the arena (which a confined arena would refuse on the cleaner
 * thread).
 *
 * <p>Resize and protect keep the memory but give it a new arena: {@link #detach} invalidates the
 * old views and hands the memory over without unmapping it.
 */
public final class Mapping {
    /** Unmaps (munmap; UnmapViewOfFile and the handles' CloseHandle). Must not reference the Mapping. */
    @FunctionalInterface
    public interface Unmap {
        void unmap() throws IOException;
    }

    private final Arena arena = Arenas.open();
    private final AtomicBoolean owned = new AtomicBoolean(true);
    private final Cleaner.Cleanable collected;
    private final MemorySegment segment;

    /** Binds {@code length} bytes at {@code address}, which {@code unmap} releases. */
    @SuppressWarnings("restricted")   // reinterpret: gives the mapped address its length and arena
    public Mapping(long address, long length, Unmap unmap, String description) {
        AtomicBoolean own = owned;
        Cleaner.Cleanable c = Leaks.CLEANER.register(arena.scope(), () -> {
            if (own.getAndSet(false)) {
                try {
                    unmap.unmap();
                } catch (IOException | RuntimeException e) {
                    Leaks.unmapFailed(description, e);
                }
            }
        });
        this.collected = c;
        try {
            this.segment = MemorySegment.ofAddress(address).reinterpret(length, arena, s -> {
                if (own.getAndSet(false)) {
                    c.clean();                             // no longer watched: nothing left to do there
                    try {
                        unmap.unmap();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
        } catch (RuntimeException | Error e) {
            own.set(false);
            c.clean();
            arena.close();
            throw e;
        }
    }

    /** The mapped memory, valid until {@link #close} or {@link #detach}. */
    public MemorySegment segment() {
        return segment;
    }

    /**
     * Invalidates every segment of this mapping and unmaps it, at once or not at all (see
     * {@link Arenas#close}); idempotent.
     */
    public void close(String operation) {
        Arenas.close(arena, operation);
    }

    /**
     * Invalidates every segment of this mapping but leaves the memory mapped, for a new Mapping of
     * the same address to own: at once or not at all (IllegalStateException while a JDK I/O call
     * or a native call holds the memory, with nothing changed).
     */
    public void detach(String operation) {
        owned.set(false);
        try {
            Arenas.close(arena, operation);
        } catch (RuntimeException e) {
            if (arena.scope().isAlive()) {
                owned.set(true);                           // still ours: nothing changed
            }
            throw e;
        }
        collected.clean();
    }
}
