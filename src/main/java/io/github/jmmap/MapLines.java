package io.github.jmmap;

import io.github.jmmap.internal.Latin1View;
import io.github.jmmap.internal.Search;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;

/**
 * The lines of a map, for {@link MemoryMap#lines()}: each a byte[] ending in its {@code '\n'} as
 * {@link MemoryMap#readLine()} returns it, the last one without it if the map does not end in
 * one; {@code '\r'} is an ordinary byte. The lines put together are the map's bytes. Each line is
 * found when the stream asks for it, in the map as it is then: the lines follow a resize, and
 * after the map's close the next one throws IllegalStateException "map is closed". The map's
 * cursor is neither used nor moved.
 *
 * <pre>{@code
 * Path path = Files.write(Files.createTempFile("faces", ".txt"), "a\n\nb\r\nc".getBytes());
 * try (MemoryMap m = MemoryMap.open(path, Access.READ)) {
 *     List<String> lines = m.lines().map(String::new).toList();   // "a\n", "\n", "b\r\n", "c"
 * }
 * }</pre>
 */
final class MapLines extends Spliterators.AbstractSpliterator<byte[]> {
    private static final byte[] NEWLINE = {'\n'};
    private static final int MAX_ARRAY = Latin1View.MAX_ARRAY;   // the largest byte[] the JVM allocates

    private final MemoryMap map;
    private long position;

    /**
     * For {@link MemoryMap#lines()}.
     *
     * @param map the map
     */
    MapLines(MemoryMap map) {
        super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
        this.map = map;
    }

    /**
     * Hands the next line to {@code action}.
     *
     * @param action takes the line
     * @return false at the end
     */
    @Override
    public boolean tryAdvance(Consumer<? super byte[]> action) {
        byte[] line = Faces.onLive(map, null, this::next);
        if (line == null) {
            return false;
        }
        action.accept(line);
        return true;
    }

    /** The next line in {@code s}, or null at the end; moves past it. */
    private byte[] next(MemorySegment s) {
        long size = s.byteSize();
        if (position >= size) {
            return null;
        }
        long nl = Search.indexOf(s, position, size, NEWLINE);
        long end = nl < 0 ? size : nl + 1;
        if (end - position > MAX_ARRAY) {
            throw new UnsupportedOperationException("lines(): the line at " + position + " has " + (end - position)
                    + " bytes, more than a byte[] holds");
        }
        byte[] line = new byte[(int) (end - position)];
        MemorySegment.copy(s, ValueLayout.JAVA_BYTE, position, line, 0, line.length);
        position = end;
        return line;
    }
}
