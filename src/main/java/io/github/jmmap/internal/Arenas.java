package io.github.jmmap.internal;

import java.lang.foreign.Arena;

/** Closing shared arenas, which unmaps what they own. */
public final class Arenas {
    private Arenas() {
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
