package io.github.jmmap;

import java.nio.ReadOnlyBufferException;

/**
 * The {@link ReadOnlyBufferException} jmmap throws for a write-type call on a read-only map
 * ({@link Access#READ}, or after {@link MemoryMap#protect(Access) protect(Access.READ)}). The
 * java.nio type has no message; this one says what was refused and why. Catch it as
 * {@code ReadOnlyBufferException}.
 *
 * <pre>{@code
 * try (MemoryMap m = MemoryMap.open(path, Access.READ)) {
 *     m.set(0, (byte) 1);
 * } catch (ReadOnlyBufferException e) {
 *     System.err.println(e.getMessage());   // set is not allowed: the map was opened with Access.READ
 * }
 * }</pre>
 */
public final class MapReadOnlyException extends ReadOnlyBufferException {
    private static final long serialVersionUID = 1L;

    /** The text {@link #getMessage()} returns. */
    private final String message;

    /**
     * An exception with the given message.
     *
     * <pre>{@code
     * throw new MapReadOnlyException("append is not allowed: the log was opened with Access.READ");
     * }</pre>
     *
     * @param message the text {@link #getMessage()} returns
     */
    public MapReadOnlyException(String message) {
        this.message = message;
    }

    /**
     * What was refused and why.
     *
     * <pre>{@code
     * String why = e.getMessage();
     * }</pre>
     */
    @Override
    public String getMessage() {
        return message;
    }
}
