package io.github.jmmap;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.util.Objects;

/**
 * A SeekableByteChannel over a whole {@link MemoryMap}, from {@link MemoryMap#channel()}, for
 * code that reads and writes java.nio channels. Its size is the map's length.
 *
 * <pre>{@code
 * Path path = Files.write(Files.createTempFile("faces", ".bin"), "0123456789".getBytes());
 * try (MemoryMap m = MemoryMap.open(path, Access.WRITE); SeekableByteChannel ch = m.channel()) {
 *     ByteBuffer four = ByteBuffer.allocate(4);
 *     ch.position(3).read(four);                             // "3456"
 *     ch.position(0).write(ByteBuffer.wrap("ab".getBytes())); // the file is "ab23456789"
 *     InputStream in = Channels.newInputStream(ch);           // the channel as a stream
 * }
 * }</pre>
 *
 * <h2>Contract</h2>
 * <ul>
 * <li>Position: its own, starting at 0; the map's {@link MemoryMap#tell()} and the channel's
 *     position never move each other. {@link #position(long)} may go past the size (legal, as
 *     the interface says); a read there returns -1.</li>
 * <li>{@link #read(ByteBuffer)}: up to {@code dst.remaining()} bytes, -1 at or past the end.</li>
 * <li>{@link #write(ByteBuffer)}: all of {@code src.remaining()} bytes or none. The channel never
 *     grows the map: a write that does not fit before the end (or starts past it) throws
 *     IOException and writes nothing; neither position moves.</li>
 * <li>{@link #size()} is the map's length now. {@link #truncate(long)} with a size at or above
 *     it changes nothing but the position (set to the size if it was past it), as the interface
 *     says; a smaller size would shrink the map, which a channel does not do:
 *     UnsupportedOperationException, nothing changed (use {@link MemoryMap#resize}).</li>
 * <li>Writability: on a map opened with {@link Access#READ} the channel is read-only, write and
 *     truncate throw NonWritableChannelException, always. On any other map it is decided at each
 *     write from the map's protection then: while the map is
 *     {@link MemoryMap#protect protect(READ)}-ed, write and truncate throw IOException with the
 *     message of the map's own refusal (its MapReadOnlyException as the cause), and after
 *     {@code protect} back to the access as opened they write again; the same for a channel
 *     made before the protect and one made during it.</li>
 * <li>Resize: the channel holds the map, not its memory, and survives {@link MemoryMap#resize};
 *     its size follows. A call racing a resize is done again on the new memory.</li>
 * <li>Close: {@link #close()} closes the channel only, never the map. After it, or after the
 *     map's {@link MemoryMap#close()}, {@link #isOpen()} is false and every call throws
 *     ClosedChannelException ("channel is closed" or "map is closed"), the java.nio contract. A
 *     read racing the map's close on another thread gets that exception, never a crash.</li>
 * <li>Checks, in the map's order: closed (ClosedChannelException), writable
 *     (NonWritableChannelException), null arguments (NullPointerException naming them), then the
 *     arguments' values.</li>
 * <li>Threads: safe, as channels are; calls are serialized on the channel.</li>
 * </ul>
 */
public final class MapChannel implements SeekableByteChannel {
    private final MemoryMap map;
    private final boolean writable;            // the map's access as opened is not READ
    private long position;
    private volatile boolean open = true;

    /**
     * For {@link MemoryMap#channel()}.
     *
     * @param map      the map
     * @param writable whether the map was opened writable (not READ); protect(READ) is checked at each write
     */
    MapChannel(MemoryMap map, boolean writable) {
        this.map = map;
        this.writable = writable;
    }

    /** A ClosedChannelException that says what is closed. */
    private static final class Closed extends ClosedChannelException {
        private final String message;

        /** @param message what is closed */
        Closed(String message) {
            this.message = message;
        }

        @Override
        public String getMessage() {
            return message;
        }
    }

    private <T> T io(String writeOperation, Faces.SegmentAccess<T, IOException> access) throws IOException {
        if (!open) {
            throw new Closed("channel is closed");
        }
        if (writeOperation != null && !writable) {
            if (map.isClosed()) {
                throw new Closed("map is closed");        // closed is reported before read-only
            }
            throw new NonWritableChannelException();
        }
        return Faces.io(map, writeOperation, access, Closed::new);
    }

    /**
     * Reads up to {@code dst.remaining()} bytes at the position; returns how many, or -1 at or
     * past the end.
     *
     * <pre>{@code
     * ByteBuffer buf = ByteBuffer.allocateDirect(1 << 16);
     * while (ch.read(buf.clear()) > 0) { buf.flip(); ... }
     * }</pre>
     *
     * @throws IllegalArgumentException if {@code dst} is read-only
     * @throws ClosedChannelException   if the channel or the map is closed
     */
    @Override
    public synchronized int read(ByteBuffer dst) throws IOException {
        return io(null, s -> {
            Objects.requireNonNull(dst, "dst");
            if (dst.isReadOnly()) {
                throw new IllegalArgumentException("dst is a read-only buffer");
            }
            long left = s.byteSize() - position;
            if (left <= 0) {
                return dst.hasRemaining() ? -1 : 0;
            }
            int n = (int) Math.min(dst.remaining(), left);
            Faces.toBuffer(s, position, dst, n);   // the map's segment replaced: Faces retries
            position += n;
            return n;
        });
    }

    /**
     * Writes all of {@code src.remaining()} bytes at the position, or nothing if they do not fit
     * before the end; returns how many.
     *
     * <p>Because a write is all or nothing, {@code FileChannel.transferTo(position, count, ch)}
     * into this channel may transfer fewer bytes than asked: it writes in chunks, and when a chunk
     * does not fit before the map's end that chunk is refused whole, so the transfer stops after
     * the chunks that fitted (if none fitted, it throws this IOException). Its return value says
     * how many bytes were transferred.
     *
     * <pre>{@code
     * ch.position(ch.size() - 4).write(ByteBuffer.wrap(trailer));   // the last 4 bytes
     * long moved = fileChannel.transferTo(0, fileChannel.size(), ch);   // may be less than size()
     * }</pre>
     *
     * @throws NonWritableChannelException on a map opened with Access.READ
     * @throws IOException                 if the bytes do not fit (nothing is written), or while the
     *                                     map is {@code protect(READ)}-ed
     * @throws ClosedChannelException      if the channel or the map is closed
     */
    @Override
    public synchronized int write(ByteBuffer src) throws IOException {
        return io("write", s -> {
            Objects.requireNonNull(src, "src");
            int len = src.remaining();
            if (position > s.byteSize() || len > s.byteSize() - position) {
                throw new IOException("write of " + len + " byte(s) at position " + position
                        + " does not fit in the map of length " + s.byteSize()
                        + "; nothing was written, and a channel never grows the map");
            }
            Faces.fromBuffer(src, s, position);    // the map's segment replaced: Faces retries
            position += len;
            return len;
        });
    }

    /**
     * The channel's position.
     *
     * <pre>{@code
     * long at = ch.position();
     * }</pre>
     *
     * @throws ClosedChannelException if the channel or the map is closed
     */
    @Override
    public synchronized long position() throws IOException {
        return io(null, s -> position);
    }

    /**
     * Sets the position; past the size is allowed (reads there return -1, writes are refused).
     *
     * <pre>{@code
     * ch.position(4096);
     * }</pre>
     *
     * @throws IllegalArgumentException if {@code newPosition < 0}
     * @throws ClosedChannelException   if the channel or the map is closed
     */
    @Override
    public synchronized MapChannel position(long newPosition) throws IOException {
        io(null, s -> {
            if (newPosition < 0) {
                throw new IllegalArgumentException("newPosition must be >= 0, got " + newPosition);
            }
            return position = newPosition;
        });
        return this;
    }

    /**
     * The map's length.
     *
     * <pre>{@code
     * ch.position(ch.size());   // the end
     * }</pre>
     *
     * @throws ClosedChannelException if the channel or the map is closed
     */
    @Override
    public long size() throws IOException {
        return io(null, MemorySegment::byteSize);
    }

    /**
     * A no-op for {@code size >= size()} but for moving the position back to {@code size} if it
     * was past it; a smaller size is refused, because a channel does not shrink the map.
     *
     * <pre>{@code
     * ch.truncate(ch.size());   // fine: nothing to cut
     * m.resize(1024);           // to really shrink the map
     * }</pre>
     *
     * @throws NonWritableChannelException   on a map opened with Access.READ
     * @throws IOException                   while the map is {@code protect(READ)}-ed
     * @throws IllegalArgumentException      if {@code size < 0}
     * @throws UnsupportedOperationException if {@code size < size()}; nothing is changed
     * @throws ClosedChannelException        if the channel or the map is closed
     */
    @Override
    public synchronized MapChannel truncate(long size) throws IOException {
        io("truncate", s -> {
            if (size < 0) {
                throw new IllegalArgumentException("size must be >= 0, got " + size);
            }
            if (size < s.byteSize()) {
                throw new UnsupportedOperationException("truncate(" + size + ") would shrink the map of length "
                        + s.byteSize() + "; a channel never resizes the map: use MemoryMap.resize");
            }
            return position = Math.min(position, size);
        });
        return this;
    }

    /**
     * Whether neither the channel nor its map is closed.
     *
     * <pre>{@code
     * if (ch.isOpen()) ch.read(buf);
     * }</pre>
     */
    @Override
    public boolean isOpen() {
        return open && !map.isClosed();
    }

    /**
     * Closes this channel, not the map.
     *
     * <pre>{@code
     * try (SeekableByteChannel ch = m.channel()) { ... }   // m stays open
     * }</pre>
     */
    @Override
    public void close() {
        open = false;
    }
}
