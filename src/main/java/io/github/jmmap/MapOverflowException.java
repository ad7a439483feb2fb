package io.github.jmmap;

import java.nio.BufferOverflowException;

/**
 * The {@link BufferOverflowException} jmmap throws when {@link MemoryMap#write(byte[])} or
 * {@link MemoryMap#writeByte(byte)} does not fit before the end of the map (nothing is written).
 * The java.nio type has no message; this one names the count, the position and the length.
 * Catch it as {@code BufferOverflowException}.
 *
 * <pre>{@code
 * try {
 *     m.write(record);
 * } catch (BufferOverflowException e) {
 *     m.resize(m.length() * 2);   // "write of 100 byte(s) at position 4050 does not fit ..."
 * }
 * }</pre>
 */
public final class MapOverflowException extends BufferOverflowException {
    private static final long serialVersionUID = 1L;

    /** The text {@link #getMessage()} returns. */
    private final String message;

    /**
     * An exception with the given message.
     *
     * <pre>{@code
     * throw new MapOverflowException("record of 100 bytes does not fit");
     * }</pre>
     *
     * @param message the text {@link #getMessage()} returns
     */
    public MapOverflowException(String message) {
        this.message = message;
    }

    /**
     * What did not fit.
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
