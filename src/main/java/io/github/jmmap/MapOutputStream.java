package io.github.jmmap;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * An OutputStream into a range of a writable {@link MemoryMap}, from
 * {@link MemoryMap#outputStream()} (the whole map) or {@link MemoryMap#outputStream(long, long)}
 * (bytes {@code [from, to)}), for code that writes java.io streams. It never grows the map.
 *
 * <pre>{@code
 * Path path = Files.write(Files.createTempFile("faces", ".bin"), new byte[64]);
 * try (MemoryMap m = MemoryMap.open(path, Access.WRITE);
 *      var out = new PrintStream(m.outputStream(16, 64), false, StandardCharsets.US_ASCII)) {
 *     out.print("written through java.io");   // bytes 16..39 of the file
 * }
 * }</pre>
 *
 * <h2>Contract</h2>
 * <ul>
 * <li>Position: its own, starting at {@code from}; it never moves the map's
 *     {@link MemoryMap#tell()}.</li>
 * <li>End: {@code to}, or for {@code outputStream()} the map's length at each call. A write that
 *     does not fit before the end throws IOException and writes nothing (all or nothing, as
 *     {@link MemoryMap#write(byte[])}); the position stays. The stream never grows the map: to
 *     make room, {@link MemoryMap#resize} it.</li>
 * <li>Refusals: {@code outputStream} on a READ map throws ReadOnlyBufferException. Once the stream
 *     exists it speaks java.io: every failed write is an IOException, after
 *     {@link MemoryMap#protect protect(READ)} too (its cause the map's ReadOnlyBufferException).</li>
 * <li>{@link #flush()} does nothing: the bytes are in the map, and so in the file's pages, at
 *     once. For durability call {@link MemoryMap#flush()}.</li>
 * <li>Resize and close: as for {@link MapInputStream}. The stream survives a resize (it writes
 *     the map as it is at each call; after a shrink its end is the new length); {@link #close()}
 *     closes only the stream, and later writes throw IOException "stream is closed"; after the
 *     map's close they throw IOException "map is closed".</li>
 * <li>Threads: not synchronized; give each thread its own stream.</li>
 * </ul>
 */
public final class MapOutputStream extends OutputStream {
    private final MemoryMap map;
    private final long to;                 // Long.MAX_VALUE: the map's length at each call
    private long position;
    private boolean closed;

    /**
     * For {@link MemoryMap#outputStream(long, long)}, which checked the range.
     *
     * @param map  the map
     * @param from the first byte
     * @param to   the end (exclusive), or Long.MAX_VALUE for the map's length at each call
     */
    MapOutputStream(MemoryMap map, long from, long to) {
        this.map = map;
        this.to = to;
        this.position = from;
    }

    private <T> T io(Faces.SegmentAccess<T, IOException> access) throws IOException {
        return Faces.stream(closed, map, "write", access);
    }

    /** Refuses {@code count} bytes that do not fit before the end, before anything is written. */
    private void checkFits(MemorySegment s, long count) throws IOException {
        long end = Math.min(to, s.byteSize());
        if (position > end || count > end - position) {
            throw new IOException("write of " + count + " byte(s) at position " + position
                    + " does not fit before the stream's end " + end + " (map length " + s.byteSize()
                    + "); nothing was written, and a stream never grows the map");
        }
    }

    /**
     * Writes one byte.
     *
     * <pre>{@code
     * out.write('\n');
     * }</pre>
     *
     * @throws IOException at the end, or once the stream or the map is closed
     */
    @Override
    public void write(int b) throws IOException {
        io(s -> {
            checkFits(s, 1);
            s.set(ValueLayout.JAVA_BYTE, position, (byte) b);
            return ++position;
        });
    }

    /**
     * Writes all of {@code b[off, off + len)}, or nothing if it does not fit.
     *
     * <pre>{@code
     * out.write(record, 0, record.length);
     * }</pre>
     *
     * @throws IOException if the bytes do not fit before the end (nothing is written), or once the
     *                     stream or the map is closed
     */
    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        io(s -> {
            MemoryMap.checkArrayRange("b", b.length, off, len);
            checkFits(s, len);
            MemorySegment.copy(b, off, s, ValueLayout.JAVA_BYTE, position, len);
            return position += len;
        });
    }

    /**
     * Writes all of {@code src}, or nothing if it does not fit: what transferTo uses.
     *
     * @param src the bytes
     * @throws IOException as {@link #write(byte[], int, int)}
     */
    void write(MemorySegment src) throws IOException {
        io(s -> {
            checkFits(s, src.byteSize());
            MemorySegment.copy(src, 0, s, position, src.byteSize());
            return position += src.byteSize();
        });
    }

    /**
     * Does nothing but check that the stream can still write: the bytes are in the map already.
     * For durability, {@link MemoryMap#flush()}.
     *
     * <pre>{@code
     * out.flush();
     * m.flush();   // to disk
     * }</pre>
     *
     * @throws IOException once the stream or the map is closed
     */
    @Override
    public void flush() throws IOException {
        io(s -> position);
    }

    /**
     * Closes this stream, not the map.
     *
     * <pre>{@code
     * try (OutputStream out = m.outputStream()) { ... }   // m stays open
     * }</pre>
     */
    @Override
    public void close() {
        closed = true;
    }
}
