package io.github.jmmap;

import java.nio.BufferUnderflowException;

/**
 * The {@link BufferUnderflowException} jmmap throws when {@link MemoryMap#readByte()} finds no
 * byte left. The java.nio type has no message; this one names the position and the length.
 * Catch it as {@code BufferUnderflowException}.
 *
 * <pre>{@code
 * try {
 *     int b = m.readByte();
 * } catch (BufferUnderflowException e) {
 *     System.err.println(e.getMessage());   // readByte at position 10: no byte left in the map of length 10
 * }
 * }</pre>
 */
public final class MapUnderflowException extends BufferUnderflowException {
    private static final long serialVersionUID = 1L;

    /** The text {@link #getMessage()} returns. */
    private final String message;

    /**
     * An exception with the given message.
     *
     * <pre>{@code
     * throw new MapUnderflowException("no header byte left");
     * }</pre>
     *
     * @param message the text {@link #getMessage()} returns
     */
    public MapUnderflowException(String message) {
        this.message = message;
    }

    /**
     * What was missing.
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
