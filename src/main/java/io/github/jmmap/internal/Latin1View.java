package io.github.jmmap.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * An ISO-8859-1 CharSequence over a segment, without a copy: each byte is one char 0..255, so
 * {@code java.util.regex} searches mapped bytes in place. Access after the map is closed or
 * resized throws IllegalStateException (the segment's arena is gone).
 */
public final class Latin1View implements CharSequence {
    /** The largest byte[] (and so the longest Latin-1 String) the JVM allocates. */
    public static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final MemorySegment segment;
    private final long start;
    private final int length;
    private final Function<InternalError, RuntimeException> fault;

    public Latin1View(MemorySegment segment, long start, int length) {
        this(segment, start, length, Errors::fault);
    }

    /**
     * A view whose faults (the JDK's InternalError) become what {@code fault} makes of them.
     *
     * <pre>{@code
     * new Latin1View(segment, 0, (int) segment.byteSize(), map::fault)
     * }</pre>
     */
    public Latin1View(MemorySegment segment, long start, int length, Function<InternalError, RuntimeException> fault) {
        this.segment = segment;
        this.start = start;
        this.length = length;
        this.fault = fault;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        if (index < 0 || index >= length) {
            throw Errors.index("index", index, length);
        }
        try {
            return (char) (segment.get(ValueLayout.JAVA_BYTE, start + index) & 0xFF);
        } catch (InternalError e) {
            throw fault.apply(e);
        }
    }

    @Override
    public CharSequence subSequence(int from, int to) {
        if (from < 0 || to > length || from > to) {
            throw Errors.range("subSequence", from, to, length);
        }
        return new Latin1View(segment, start + from, to - from, fault);
    }

    @Override
    public boolean isEmpty() {
        return length == 0;
    }

    /**
     * A copy of the bytes as a String.
     *
     * @throws UnsupportedOperationException if the view is longer than a String can be
     */
    @Override
    public String toString() {
        if (length > MAX_ARRAY) {
            throw new UnsupportedOperationException("toString() of " + length + " chars: more than a String holds (at most "
                    + MAX_ARRAY + "); use subSequence for a smaller window");
        }
        byte[] bytes = new byte[length];
        try {
            MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, start, bytes, 0, length);
        } catch (InternalError e) {
            throw fault.apply(e);
        }
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
