package io.github.jmmap.internal;

import io.github.jmmap.Access;
import io.github.jmmap.Backend;
import io.github.jmmap.CreatePolicy;
import io.github.jmmap.FlushMode;
import io.github.jmmap.MapOptions;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The backend SPI: the OS work only. Validation, the cursor, slices, search and every error
 * message about arguments live once, in {@link io.github.jmmap.MemoryMap}; a provider is called
 * only with arguments already checked there.
 */
public interface Provider {

    /** Which backend this is. */
    Backend backend();

    /** A short name of the OS this provider serves, for messages ("linux", "macos", "windows"). */
    String osName();

    /** The page size. */
    long pageSize();

    /** The granularity of mapping offsets (the page size on POSIX, 64 KiB on Windows). */
    long allocationGranularity();

    /**
     * Opens a regular file for mapping with the given access.
     *
     * @throws IOException (NoSuchFileException, AccessDeniedException, ...) and an IOException
     *                     naming the path when it is not a regular file
     */
    Handle openFile(Path path, Access access) throws IOException;

    /**
     * Opens an existing file descriptor for mapping (Python's {@code fileno} form), duplicating it
     * when {@code duplicate} is true.
     */
    default Handle openDescriptor(int fd, Access access, boolean duplicate) throws IOException {
        throw new UnsupportedOperationException(
                "mapping a file descriptor needs the NATIVE backend (this is " + backend() + ")");
    }

    /**
     * Checks a tagname against this platform's rules, throwing IllegalArgumentException that
     * names the {@code tagname} argument.
     */
    void checkTagname(String tagname);

    /**
     * Opens or creates a named shared-memory object (already checked by {@link #checkTagname}).
     * A new object has size 0 until the caller sets it.
     */
    Handle openNamed(String tagname, CreatePolicy policy, Access access) throws IOException;

    /** Removes a named object; returns whether it existed. Where names die with their last handle, false. */
    boolean unlinkNamed(String tagname) throws IOException;

    /**
     * Whether a file map may carry a tagname (Windows: the file-backed mapping object gets the
     * name, so another process opening the same name shares it). When true, {@link #map} reads
     * the name, already checked by {@link #checkTagname}, and its create policy from the options.
     */
    default boolean fileTagnames() {
        return false;
    }

    /**
     * Maps {@code length} bytes of {@code handle} at {@code offset} (any offset; the provider
     * aligns it and hides the delta). The caller has made the file long enough. The region keeps
     * the handle for {@link Region#resize}; the caller keeps ownership of it.
     */
    Region map(Handle handle, long offset, long length, Access access, MapOptions options) throws IOException;

    /**
     * Refuses a flush mode this backend cannot honour with UnsupportedOperationException naming
     * the mode and the backend or OS; called for every map, also those whose flush is a no-op.
     */
    default void checkFlushMode(FlushMode mode) {
    }

    /** Maps {@code length} bytes of zero-filled anonymous memory. */
    Region mapAnonymous(long length, Access access, MapOptions options) throws IOException;
}
