package io.github.jmmap.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * An ISO-8859-1 CharSequence over a map, without a copy: each byte is one char 0..255, so
 * {@code java.util.regex} searches mapped bytes in place. It reads the map's current memory, so it
 * follows the map across resize (a char past a shortened end throws IndexOutOfBoundsException);
 * once the map is closed, access throws IllegalStateException ("map is closed").
 */
public final class Latin1View implements CharSequence {
    /** The largest byte[] (and so the longest Latin-1 String) the JVM allocates. */
    public static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    /** The map's memory as it is now; implemented by the map, which a view keeps reachable. */
    public interface Memory {
        /** The current segment; IllegalStateException "map is closed" once closed. */
        MemorySegment segment();

        /**
         * After access through {@code stale} threw {@code e} (IllegalStateException, or the JDK's
         * WrongThreadException for a confined map on another thread): returns when there is a new segment to
         * retry on, else throws (the map's "map is closed", or {@code e}).
         */
        void replaced(MemorySegment stale, RuntimeException e);
    }

    private final Memory memory;
    /**
     * The map's segment as this view last saw it: read per char instead of asking the map. A
     * resize, protect or close closes the old segment's arena, so a read through a stale one
     * throws IllegalStateException; then the map is asked again (see {@link #charAt}).
     */
    private MemorySegment segment;
    private final long start;
    private final int length;
    private final Function<InternalError, RuntimeException> fault;

    /**
     * A view of {@code length} bytes of the map's memory from {@code start}, whose faults (the JDK's
     * InternalError) become what {@code fault} makes of them.
     *
     * <pre>{@code
     * new Latin1View(memory, 0, (int) segment.byteSize(), map::fault)
     * }</pre>
     */
    public Latin1View(Memory memory, long start, int length, Function<InternalError, RuntimeException> fault) {
        this(memory, memory.segment(), start, length, fault);
    }

    private Latin1View(Memory memory, MemorySegment segment, long start, int length,
                       Function<InternalError, RuntimeException> fault) {
        this.memory = memory;
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
        MemorySegment s = segment;
        try {
            return (char) (s.get(ValueLayout.JAVA_BYTE, start + index) & 0xFF);
        } catch (IndexOutOfBoundsException e) {
            throw shortened(start + index, s);
        } catch (IllegalStateException | WrongThreadException e) {
            memory.replaced(s, e);
            segment = memory.segment();
            return charAt(index);
        } catch (InternalError e) {
            throw fault.apply(e);
        }
    }

    private static IndexOutOfBoundsException shortened(long at, MemorySegment s) {
        return new IndexOutOfBoundsException("byte " + at + " of the map is past its end: the map was resized to "
                + s.byteSize() + " bytes after this CharSequence view was made");
    }

    @Override
    public CharSequence subSequence(int from, int to) {
        if (from < 0 || to > length || from > to) {
            throw Errors.range("subSequence", from, to, length);
        }
        return new Latin1View(memory, segment, start + from, to - from, fault);
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
        MemorySegment s = memory.segment();
        try {
            MemorySegment.copy(s, ValueLayout.JAVA_BYTE, start, bytes, 0, length);
        } catch (IndexOutOfBoundsException e) {
            throw shortened(start + length - 1, s);
        } catch (IllegalStateException | WrongThreadException e) {
            memory.replaced(s, e);
            return toString();
        } catch (InternalError e) {
            throw fault.apply(e);
        }
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
