package io.github.jmmap;

import io.github.jmmap.internal.Latin1View;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;

/**
 * An InputStream over a range of a {@link MemoryMap}, from {@link MemoryMap#inputStream()} (the
 * whole map) or {@link MemoryMap#inputStream(long, long)} (bytes {@code [from, to)}), for handing
 * mapped bytes to code that reads java.io streams.
 *
 * <pre>{@code
 * Path path = Files.write(Files.createTempFile("faces", ".txt"), "one\ntwo\n".getBytes());
 * try (MemoryMap m = MemoryMap.open(path, Access.READ);
 *      BufferedReader r = new BufferedReader(new InputStreamReader(m.inputStream(), StandardCharsets.UTF_8))) {
 *     String first = r.readLine();                         // "one"
 *     Files.copy(m.inputStream(4, 8), Path.of("two.txt")); // "two\n"
 * }
 * }</pre>
 *
 * <h2>Contract</h2>
 * <ul>
 * <li>Position: its own, starting at {@code from}; reading never moves the map's
 *     {@link MemoryMap#tell()}, and the map's cursor never moves it.</li>
 * <li>End: {@code to}, or for {@code inputStream()} the map's length at each call. {@link #read()}
 *     at the end returns -1, {@link #read(byte[], int, int)} returns -1 (0 for {@code len} 0).</li>
 * <li>{@link #skip(long)} skips forwards only, up to the end, and returns how far it went; 0 for
 *     {@code n <= 0}. {@link #available()} is every byte left (at most {@code Integer.MAX_VALUE}):
 *     all of them are readable without blocking.</li>
 * <li>{@link #mark(int)}/{@link #reset()} are supported and free (the read limit is ignored);
 *     without a mark, reset returns to {@code from}, as in ByteArrayInputStream.</li>
 * <li>Resize: the stream holds the map, not its memory, so it reads the map as it is at each
 *     call and survives {@link MemoryMap#resize}: after a shrink it ends at the new length, after
 *     a growth {@code inputStream()} reads on into the new bytes. A call racing a resize on
 *     another thread is done again on the new memory. (Views that hold memory,
 *     {@link MemoryMap#segment()} and {@link MemoryMap#asByteBuffer}, are invalid after a resize.)</li>
 * <li>Close: {@link #close()} closes the stream only, never the map. After it every call throws
 *     IOException "stream is closed"; after the map's {@link MemoryMap#close()} every call throws
 *     IOException "map is closed" (its cause the map's IllegalStateException), the java.io
 *     contract for a stream that cannot be read. A read racing the map's close on another thread
 *     gets that IOException, never a crash. A page lost to truncation of the file is an
 *     IOException too.</li>
 * <li>{@link #transferTo(OutputStream)} takes the fastest way that keeps the map closable: to a
 *     FileOutputStream through its FileChannel, from a 1 MiB off-heap buffer (one memory copy,
 *     none on the Java heap; the JDK's own transferTo makes two); to a {@link MapOutputStream}
 *     by one memory copy from map to map; to anything else in byte[] chunks of up to 1 MiB. It
 *     never hands the mapping itself to an I/O call, so a close on another thread never waits for
 *     a slow target, nor is refused because of it; the transfer then ends with IOException "map
 *     is closed".</li>
 * <li>Threads: not synchronized; give each thread its own stream (they are cheap).</li>
 * </ul>
 */
public final class MapInputStream extends InputStream {
    /** The most transferTo copies at once. */
    private static final int CHUNK = 1 << 20;
    private static final int MAX_ARRAY = Latin1View.MAX_ARRAY;   // the largest byte[] the JVM allocates

    private final MemoryMap map;
    private final long to;                 // Long.MAX_VALUE: the map's length at each call
    private long position;
    private long mark;
    private boolean closed;

    /**
     * For {@link MemoryMap#inputStream(long, long)}, which checked the range.
     *
     * @param map  the map
     * @param from the first byte
     * @param to   the end (exclusive), or Long.MAX_VALUE for the map's length at each call
     */
    MapInputStream(MemoryMap map, long from, long to) {
        this.map = map;
        this.to = to;
        this.position = from;
        this.mark = from;
    }

    private long remaining(MemorySegment s) {
        return Math.max(0, Math.min(to, s.byteSize()) - position);
    }

    private <T> T io(Faces.SegmentAccess<T, IOException> access) throws IOException {
        return Faces.stream(closed, map, null, access);
    }

    /**
     * The next byte as 0..255, or -1 at the end.
     *
     * <pre>{@code
     * for (int b; (b = in.read()) >= 0; ) crc.update(b);
     * }</pre>
     */
    @Override
    public int read() throws IOException {
        return io(s -> {
            if (remaining(s) == 0) {
                return -1;
            }
            int b = s.get(ValueLayout.JAVA_BYTE, position) & 0xFF;
            position++;
            return b;
        });
    }

    /**
     * Reads up to {@code len} bytes into {@code b[off..]}; returns how many, or -1 at the end.
     *
     * <pre>{@code
     * byte[] buf = new byte[8192];
     * for (int n; (n = in.read(buf, 0, buf.length)) > 0; ) digest.update(buf, 0, n);
     * }</pre>
     */
    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return io(s -> {
            MemoryMap.checkArrayRange("b", b.length, off, len);
            int n = (int) Math.min(len, remaining(s));
            if (n == 0) {
                return len == 0 ? 0 : -1;
            }
            MemorySegment.copy(s, ValueLayout.JAVA_BYTE, position, b, off, n);
            position += n;
            return n;
        });
    }

    /**
     * Every byte left, in one copy.
     *
     * <pre>{@code
     * byte[] rest = m.inputStream(16, m.length()).readAllBytes();
     * }</pre>
     *
     * @throws OutOfMemoryError if more bytes are left than a byte[] holds
     */
    @Override
    public byte[] readAllBytes() throws IOException {
        return readNBytes(Integer.MAX_VALUE);
    }

    /**
     * Up to {@code len} bytes, fewer at the end, in one copy.
     *
     * <pre>{@code
     * byte[] header = in.readNBytes(16);
     * }</pre>
     */
    @Override
    public byte[] readNBytes(int len) throws IOException {
        return io(s -> {
            if (len < 0) {
                throw new IllegalArgumentException("len must be >= 0, got " + len);
            }
            long left = remaining(s);
            if (len == Integer.MAX_VALUE && left > MAX_ARRAY) {
                throw new OutOfMemoryError(left + " bytes are left, more than a byte[] holds");
            }
            int n = (int) Math.min(len, Math.min(left, MAX_ARRAY));
            byte[] out = new byte[n];
            MemorySegment.copy(s, ValueLayout.JAVA_BYTE, position, out, 0, n);
            position += n;
            return out;
        });
    }

    /**
     * Skips up to {@code n} bytes forwards, never past the end; returns how many.
     *
     * <pre>{@code
     * in.skip(16);   // past the header
     * }</pre>
     */
    @Override
    public long skip(long n) throws IOException {
        return io(s -> {
            long k = Math.max(0, Math.min(n, remaining(s)));
            position += k;
            return k;
        });
    }

    /**
     * The bytes left, at most {@code Integer.MAX_VALUE}; all can be read without blocking.
     *
     * <pre>{@code
     * byte[] buf = new byte[in.available()];
     * }</pre>
     */
    @Override
    public int available() throws IOException {
        return io(s -> (int) Math.min(Integer.MAX_VALUE, remaining(s)));
    }

    /**
     * True: {@link #mark(int)} and {@link #reset()} work, whatever the read limit.
     *
     * <pre>{@code
     * assert in.markSupported();
     * }</pre>
     */
    @Override
    public boolean markSupported() {
        return true;
    }

    /**
     * Marks the position; the read limit is ignored (any number of bytes may be read before
     * {@link #reset()}).
     *
     * <pre>{@code
     * in.mark(0);
     * int magic = in.read();
     * in.reset();          // back before the magic byte
     * }</pre>
     */
    @Override
    public void mark(int readlimit) {
        mark = position;
    }

    /**
     * Returns to the mark, or to the start of the range without one.
     *
     * <pre>{@code
     * in.reset();
     * }</pre>
     */
    @Override
    public void reset() throws IOException {
        io(s -> position = mark);
    }

    /**
     * Writes every byte left to {@code out}, by the fastest way {@code out} allows (see the class
     * comment); returns how many. On an IOException from {@code out} the bytes
     * written so far are skipped.
     *
     * <pre>{@code
     * try (var out = new FileOutputStream("copy.bin")) {
     *     m.inputStream().transferTo(out);     // through the file's channel, no copy on the Java heap
     * }
     * }</pre>
     */
    @Override
    public long transferTo(OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out");
        long total = 0;
        if (out instanceof MapOutputStream mapped) {
            for (int n; (n = io(s -> chunkTo(s, mapped))) >= 0; ) {
                total += n;
            }
            return total;
        }
        int size = Math.max(1, Math.min(CHUNK, available()));
        if (out instanceof FileOutputStream file) {
            FileChannel ch = file.getChannel();
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment staging = arena.allocate(size);
                ByteBuffer buf = staging.asByteBuffer();
                for (int n; (n = io(s -> stage(s, staging))) >= 0; position += n, total += n) {
                    buf.clear().limit(n);
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                }
            }
            return total;
        }
        byte[] buf = new byte[size];
        for (int n; (n = read(buf, 0, buf.length)) >= 0; ) {
            out.write(buf, 0, n);
            total += n;
        }
        return total;
    }

    /** Copies the next bytes into {@code staging}, without moving the position; -1 at the end. */
    private int stage(MemorySegment s, MemorySegment staging) {
        int k = (int) Math.min(staging.byteSize(), remaining(s));
        if (k == 0) {
            return -1;
        }
        MemorySegment.copy(s, position, staging, 0, k);
        return k;
    }

    /** Copies the next bytes into {@code out} and moves past them; -1 at the end. */
    private int chunkTo(MemorySegment s, MapOutputStream out) throws IOException {
        int k = (int) Math.min(CHUNK, remaining(s));
        if (k == 0) {
            return -1;
        }
        out.write(s.asSlice(position, k));
        position += k;
        return k;
    }

    /**
     * Closes this stream, not the map.
     *
     * <pre>{@code
     * try (InputStream in = m.inputStream()) { ... }   // m stays open
     * }</pre>
     */
    @Override
    public void close() {
        closed = true;
    }
}
