package io.github.jmmap.internal;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Making and closing the arenas that own mapped memory, which unmap what they own when closed. A
 * map opened with {@code MapOptions.confined(true)} gets confined arenas: the map runs the calls
 * that create them (open, resize, protect) inside {@link #confined}, on its owner thread, and
 * every provider makes its arena with {@link #open()}.
 */
public final class Arenas {
    /** Bound to true while a confined map creates its memory. */
    private static final ScopedValue<Boolean> CONFINED = ScopedValue.newInstance();

    private Arenas() {
    }

    /** What a provider call that may create an arena does. */
    @FunctionalInterface
    public interface Op<T> {
        /** Runs the call. */
        T run() throws IOException;
    }

    /**
     * Runs {@code op}; with {@code confined}, every arena {@link #open()} makes during it is
     * confined to the current thread.
     *
     * <pre>{@code
     * Region r = Arenas.confined(owner != null, () -> provider.map(handle, offset, length, access, options));
     * }</pre>
     */
    public static <T> T confined(boolean confined, Op<T> op) throws IOException {
        if (!confined) {
            return op.run();
        }
        return ScopedValue.where(CONFINED, Boolean.TRUE).call(op::run);
    }

    /**
     * A new arena for mapped memory: confined to the current thread inside {@link #confined},
     * shared otherwise.
     *
     * <pre>{@code
     * Arena arena = Arenas.open();
     * MemorySegment s = channel.map(mode, offset, length, arena);
     * }</pre>
     */
    public static Arena open() {
        return CONFINED.orElse(Boolean.FALSE) ? Arena.ofConfined() : Arena.ofShared();
    }

    /**
     * Whether {@code s} is confined to a thread other than the current one (a confined map's
     * memory seen from the cleaner thread): then its arena cannot be closed here.
     */
    public static boolean confinedElsewhere(MemorySegment s) {
        return !s.isAccessibleBy(Thread.currentThread());
    }

    /**
     * Closes the arena, at once or not at all. Plain accesses racing the close (on any thread) are
     * handled by the JDK: they throw IllegalStateException. A shared arena refuses to close while a
     * JDK I/O call or a native call holds one of its segments (a channel writing
     * {@code segment().asByteBuffer()}, a user's downcall on {@code segment()}); that refusal comes
     * back at once as an IllegalStateException saying why, and the arena stays open, so that the
     * caller changes nothing and a later attempt can succeed. A failure of the arena's cleanup (the
     * unmap) is thrown as it is, with the arena closed.
     *
     * @param operation what the caller is doing, for the message: "close", "resize", "protect"
     * @return false if the arena was closed already
     */
    public static boolean close(Arena arena, String operation) {
        if (!arena.scope().isAlive()) {
            return false;
        }
        try {
            arena.close();
            return true;
        } catch (IllegalStateException e) {
            if (!arena.scope().isAlive()) {
                throw e;              // closed: the exception came from the cleanup, or a racing close
            }
            throw inUse(operation, e);
        }
    }

    /** A close, resize or protect refused while the memory is held; nothing was changed. */
    public static final class InUse extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        InUse(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Why a close, resize or protect was refused while the memory is held. */
    public static InUse inUse(String operation, Throwable cause) {
        return new InUse("cannot " + operation + ": the memory is in use by a JDK I/O operation or a"
                + " native call on another thread (a buffer from segment() being read or written by a channel, or a"
                + " segment passed to a downcall); nothing was changed: " + operation + " again when that call has"
                + " ended", cause);
    }
}
