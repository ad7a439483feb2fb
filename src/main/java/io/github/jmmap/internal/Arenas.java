package io.github.jmmap.internal;

import java.lang.foreign.Arena;

/** Closing shared arenas, which unmaps what they own. */
public final class Arenas {
    private Arenas() {
    }

    /**
     * Closes the arena. A shared arena refuses to close while a native call holds one of its
     * segments (for instance a user's own downcall on {@code segment()}); this waits for that to
     * end, up to about ten seconds, and then gives up with the JDK's IllegalStateException.
     */
    public static void close(Arena arena) {
        for (int attempt = 0; ; attempt++) {
            if (!arena.scope().isAlive()) {
                return;
            }
            try {
                arena.close();
                return;
            } catch (IllegalStateException e) {
                if (!arena.scope().isAlive()) {
                    return;
                }
                if (attempt >= 10_000) {
                    throw e;
                }
                Thread.onSpinWait();
                if (attempt > 100) {
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        throw e;
                    }
                }
            }
        }
    }
}
