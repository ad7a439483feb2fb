package io.github.jmmap.internal;

import java.io.IOException;

/**
 * Thrown by {@link Region#resize} when the new mapping failed but the old one was put back:
 * the caller keeps using {@link #restored()} and reports the cause.
 */
public final class ResizeFailed extends IOException {
    private final transient Region restored;

    public ResizeFailed(Region restored, Exception cause) {
        super(cause.getMessage(), cause);
        this.restored = restored;
    }

    /** The region mapped again at the old length. */
    public Region restored() {
        return restored;
    }
}
