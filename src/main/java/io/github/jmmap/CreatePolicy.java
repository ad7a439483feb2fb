package io.github.jmmap;

/**
 * What to do about a named map (a {@linkplain MapOptions.Builder#tagname(String) tagname}) that
 * does or does not exist yet. Explicit, so that a name cannot be squatted silently.
 *
 * <pre>{@code
 * MapOptions o = MapOptions.builder().tagname("jobs").createPolicy(CreatePolicy.CREATE_NEW).build();
 * try (MemoryMap m = MemoryMap.anonymous(4096, o)) { ... }   // fails if "jobs" already exists
 * }</pre>
 */
public enum CreatePolicy {
    /** Create the object; fail with {@link java.nio.file.FileAlreadyExistsException} if it exists. */
    CREATE_NEW,
    /** Open an existing object; fail with {@link java.nio.file.NoSuchFileException} if there is none. */
    OPEN_EXISTING,
    /** Open it if it exists, else create it (what Windows' {@code CreateFileMapping} does). */
    OPEN_OR_CREATE
}
