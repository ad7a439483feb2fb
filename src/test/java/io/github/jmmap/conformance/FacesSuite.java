package io.github.jmmap.conformance;

import io.github.jmmap.Access;
import io.github.jmmap.Backend;
import io.github.jmmap.MapChannel;
import io.github.jmmap.MapInputStream;
import io.github.jmmap.MapOutputStream;
import io.github.jmmap.MemoryMap;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The java.io and java.nio faces of a map (streams, channel, ByteBuffer views, lines), on every
 * backend, checked against byte[] models and against what JDK classes expect of them.
 */
@DisplayNameGeneration(BackendDisplayNames.class)
public abstract class FacesSuite extends MapTestSupport {

    static final int PAGE = 4096;

    private static List<String> strings(Stream<byte[]> lines) {
        return lines.map(l -> new String(l, StandardCharsets.ISO_8859_1)).toList();
    }

    private static <T extends Throwable> T thrown(Class<T> type, String message, Executable call) {
        T e = assertThrows(type, call);
        assertEquals(message, e.getMessage());
        return e;
    }

    // ---------------------------------------------------------------------------- the Javadoc examples

    @Test
    void javadocExamples_doWhatTheySay() throws IOException {
        Path text = Files.write(Files.createTempFile(dir, "faces", ".txt"), "one\ntwo\n".getBytes());
        Path two = dir.resolve("two.txt");
        try (MemoryMap m = MemoryMap.open(text, opts(Access.READ));
             BufferedReader r = new BufferedReader(new InputStreamReader(m.inputStream(), StandardCharsets.UTF_8))) {
            assertEquals("one", r.readLine());
            Files.copy(m.inputStream(4, 8), two);
        }
        assertEquals("two\n", Files.readString(two));

        Path bin = Files.write(Files.createTempFile(dir, "faces", ".bin"), new byte[64]);
        try (MemoryMap m = MemoryMap.open(bin, opts(Access.WRITE));
             var out = new PrintStream(m.outputStream(16, 64), false, StandardCharsets.US_ASCII)) {
            out.print("written through java.io");
        }
        assertEquals("written through java.io", new String(Files.readAllBytes(bin), 16, 23, StandardCharsets.US_ASCII));

        Path digits = Files.write(Files.createTempFile(dir, "faces", ".bin"), "0123456789".getBytes());
        try (MemoryMap m = MemoryMap.open(digits, opts(Access.WRITE)); SeekableByteChannel ch = m.channel()) {
            ByteBuffer four = ByteBuffer.allocate(4);
            ch.position(3).read(four);
            assertEquals("3456", new String(four.array(), StandardCharsets.US_ASCII));
            ch.position(0).write(ByteBuffer.wrap("ab".getBytes()));
            InputStream in = Channels.newInputStream(ch);
            assertEquals("23456789", new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        }
        assertEquals("ab23456789", Files.readString(digits));

        Path lines = Files.write(Files.createTempFile(dir, "faces", ".txt"), "a\n\nb\r\nc".getBytes());
        try (MemoryMap m = MemoryMap.open(lines, opts(Access.READ))) {
            assertEquals(List.of("a\n", "\n", "b\r\n", "c"), m.lines().map(String::new).toList());
        }
    }

    // ---------------------------------------------------------------------------- InputStream

    @Test
    void inputStream_readsLikeTheModelAndLeavesTheCursor() throws IOException {
        byte[] model = random(10_000, 1);
        MemoryMap m = open(file(model), Access.READ);
        m.seek(5);
        MapInputStream in = m.inputStream();
        assertEquals(model[0] & 0xFF, in.read());
        byte[] buf = new byte[777];
        assertEquals(777, in.read(buf, 0, 777));
        assertArrayEquals(Arrays.copyOfRange(model, 1, 778), buf);
        assertArrayEquals(Arrays.copyOfRange(model, 778, 1000), in.readNBytes(222));
        assertEquals(9000, in.available());
        assertArrayEquals(Arrays.copyOfRange(model, 1000, 10_000), in.readAllBytes());
        assertEquals(-1, in.read());
        assertEquals(-1, in.read(buf, 0, 10));
        assertEquals(0, in.read(buf, 0, 0));
        assertEquals(0, in.readAllBytes().length);
        assertEquals(0, in.available());
        assertEquals(5, m.tell(), "the map's cursor moved");
    }

    @Test
    void inputStream_rangeStopsAtTo() throws IOException {
        byte[] model = pattern(1000);
        MemoryMap m = open(file(model), Access.READ);
        InputStream in = m.inputStream(100, 200);
        assertEquals(100, in.available());
        assertArrayEquals(Arrays.copyOfRange(model, 100, 200), in.readAllBytes());
        assertEquals(-1, in.read());
        assertArrayEquals(new byte[0], m.inputStream(1000, 1000).readAllBytes());
        assertEquals(-1, m.inputStream(0, 0).read());
    }

    @Test
    void inputStream_rangeOutOfBoundsIsRefused() throws IOException {
        Path p = patternFile(10);
        MemoryMap m = open(p, Access.READ);
        refused(IndexOutOfBoundsException.class, "inputStream range [5, 4) is out of range for length 10", m, p,
                () -> m.inputStream(5, 4));
        refused(IndexOutOfBoundsException.class, "inputStream range [-1, 3) is out of range for length 10", m, p,
                () -> m.inputStream(-1, 3));
        refused(IndexOutOfBoundsException.class, "inputStream range [0, 11) is out of range for length 10", m, p,
                () -> m.inputStream(0, 11));
        InputStream in = m.inputStream();
        assertThrows(IndexOutOfBoundsException.class, () -> in.read(new byte[4], 3, 2));
        assertThrows(NullPointerException.class, () -> in.read(null, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> in.readNBytes(-1));
        assertEquals(10, in.available());
    }

    @Test
    void inputStream_skipAvailableMarkReset() throws IOException {
        byte[] model = pattern(100);
        MemoryMap m = open(file(model), Access.READ);
        InputStream in = m.inputStream(10, 60);
        assertTrue(in.markSupported());
        assertEquals(0, in.skip(-5));
        assertEquals(0, in.skip(0));
        assertEquals(3, in.skip(3));
        assertEquals(47, in.available());
        assertEquals(model[13] & 0xFF, in.read());
        in.reset();                                        // no mark: back to from
        assertEquals(model[10] & 0xFF, in.read());
        in.skip(6);
        in.mark(1);                                        // the read limit is ignored
        assertArrayEquals(Arrays.copyOfRange(model, 17, 40), in.readNBytes(23));
        in.reset();
        assertEquals(model[17] & 0xFF, in.read());
        assertEquals(42, in.skip(Long.MAX_VALUE));
        assertEquals(0, in.skip(1));
        assertEquals(0, in.available());
        in.skipNBytes(0);
        assertThrows(java.io.EOFException.class, () -> in.skipNBytes(1));
    }

    @Test
    void inputStream_worksWithFilesCopyAndReaders() throws IOException {
        byte[] model = ascii("first line\nsecond\n\nlast, no newline");
        MemoryMap m = open(file(model), Access.READ);
        Path target = dir.resolve("copy.txt");
        assertEquals(model.length, Files.copy(m.inputStream(), target));
        assertArrayEquals(model, Files.readAllBytes(target));
        try (BufferedReader r = new BufferedReader(new InputStreamReader(m.inputStream(), StandardCharsets.UTF_8))) {
            assertEquals(List.of("first line", "second", "", "last, no newline"), r.lines().toList());
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(m.inputStream(11, 18),
                StandardCharsets.US_ASCII))) {
            assertEquals("second", r.readLine());
            assertNull(r.readLine());
        }
    }

    // ---------------------------------------------------------------------------- transferTo

    @Test
    void transferTo_fileOutputStreamGetsEveryByteStraightFromTheMapping() throws IOException {
        int n = (1 << 20) * 17 + 12345;                    // many of transferTo's 1 MiB chunks
        byte[] model = random(n, 2);
        MemoryMap m = open(file(model), Access.READ);
        Path target = dir.resolve("out.bin");
        MapInputStream in = m.inputStream(3, n - 5);        // not page aligned at either end
        try (FileOutputStream out = new FileOutputStream(target.toFile())) {
            assertEquals(n - 8, in.transferTo(out));
        }
        assertArrayEquals(Arrays.copyOfRange(model, 3, n - 5), Files.readAllBytes(target));
        assertEquals(-1, in.read());
        assertEquals(0, in.transferTo(new ByteArrayOutputStream()));
        try (FileOutputStream append = new FileOutputStream(target.toFile(), true)) {
            assertEquals(10, m.inputStream(0, 10).transferTo(append));
        }
        byte[] back = Files.readAllBytes(target);
        assertEquals(n + 2, back.length);
        assertArrayEquals(Arrays.copyOfRange(model, 0, 10), Arrays.copyOfRange(back, n - 8, n + 2));
    }

    /**
     * transferTo must not hold the map's memory while the target's write blocks (here: a pipe
     * nobody reads), or the map's close would have to wait for it or be refused.
     */
    @Test
    void transferTo_aBlockedTargetDoesNotHoldTheMapsClose() throws Exception {
        assumeFalse(org.junit.jupiter.api.condition.OS.WINDOWS.isCurrentOs(), "needs mkfifo");
        byte[] model = random(4 << 20, 10);
        MemoryMap m = open(file(model), Access.READ);
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        MapInputStream in = m.inputStream();
        CompletableFuture<Throwable> writer = CompletableFuture.supplyAsync(() -> {
            try (FileOutputStream out = new FileOutputStream(fifo.toFile())) {
                in.transferTo(out);
                return null;
            } catch (Throwable e) {
                return e;
            }
        });
        try (InputStream reader = Files.newInputStream(fifo)) {
            Thread.sleep(300);                             // the pipe is full: the writer's write blocks
            long t0 = System.nanoTime();
            m.close();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 1000, "close waited " + ms + " ms for a blocked transferTo");
            byte[] got = reader.readAllBytes();            // unblocks the writer, which then finds the map closed
            assertTrue(got.length > 0 && got.length < model.length, "got " + got.length);
            assertArrayEquals(Arrays.copyOf(model, got.length), got);
        }
        Throwable end = writer.get();
        assertInstanceOf(IOException.class, end);
        assertEquals("map is closed", end.getMessage());
    }

    @Test
    void transferTo_fileChannelAndByteArrayStreamsGetEveryByte() throws IOException {
        int n = 3 * (1 << 20) + 17;                         // several of the 1 MiB chunks
        byte[] model = random(n, 3);
        MemoryMap m = open(file(model), Access.READ);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertEquals(n, m.inputStream().transferTo(bytes));
        assertArrayEquals(model, bytes.toByteArray());
        Path target = dir.resolve("channel.bin");
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            assertEquals(n - 1, m.inputStream(1, n).transferTo(Channels.newOutputStream(ch)));
        }
        assertArrayEquals(Arrays.copyOfRange(model, 1, n), Files.readAllBytes(target));
    }

    @Test
    void transferTo_anotherMapsOutputStream() throws IOException {
        byte[] model = random(5 * PAGE + 3, 4);
        MemoryMap from = open(file(model), Access.READ);
        Path p = file(new byte[model.length + 10]);
        MemoryMap to = open(p, Access.WRITE);
        MapOutputStream out = to.outputStream(10, model.length + 10);
        assertEquals(model.length, from.inputStream().transferTo(out));
        assertArrayEquals(model, to.get(10, model.length + 10));
        IOException e = assertThrows(IOException.class, () -> from.inputStream(0, 1).transferTo(out));
        assertTrue(e.getMessage().startsWith("write of 1 byte(s) at position " + (model.length + 10)), e.getMessage());
    }

    // ---------------------------------------------------------------------------- OutputStream

    @Test
    void outputStream_writesLikeTheModelAndLeavesTheCursor() throws IOException {
        byte[] model = new byte[1000];
        Path p = file(model);
        MemoryMap m = open(p, Access.WRITE);
        m.seek(7);
        try (OutputStream out = m.outputStream()) {
            out.write('A');
            model[0] = 'A';
            byte[] chunk = random(500, 5);
            out.write(chunk, 100, 300);
            System.arraycopy(chunk, 100, model, 1, 300);
            out.write(chunk);
            System.arraycopy(chunk, 0, model, 301, 500);
            out.flush();
        }
        assertArrayEquals(model, m.get(0, 1000));
        assertEquals(7, m.tell(), "the map's cursor moved");
        m.flush();
        assertArrayEquals(model, Files.readAllBytes(p));
    }

    @Test
    void outputStream_pastTheEndIsRefusedAndWritesNothing() throws IOException {
        Path p = file(new byte[30]);
        MemoryMap m = open(p, Access.WRITE);
        MapOutputStream out = m.outputStream(10, 20);
        out.write(ascii("12345678"));
        IOException e = refused(IOException.class, null, m, p, () -> out.write(ascii("abcde")));
        assertEquals("write of 5 byte(s) at position 18 does not fit before the stream's end 20 (map length 30);"
                + " nothing was written, and a stream never grows the map", e.getMessage());
        out.write(ascii("90"));
        refused(IOException.class, "write of 1 byte(s) at position 20 does not fit", m, p, () -> out.write('x'));
        assertArrayEquals(ascii("1234567890"), m.get(10, 20));
        assertEquals(0, m.get(20));

        MapOutputStream whole = m.outputStream();
        whole.write(new byte[30]);
        refused(IOException.class, "write of 1 byte(s) at position 30 does not fit before the stream's end 30",
                m, p, () -> whole.write(1));
        assertEquals(30, m.length());
        assertEquals(30, Files.size(p));
    }

    @Test
    void outputStream_isRefusedOnReadMapsAndOutsideTheMap() throws IOException {
        Path p = patternFile(10);
        MemoryMap r = open(p, Access.READ);
        refused(ReadOnlyBufferException.class, "outputStream is not allowed: the map was opened with Access.READ",
                r, p, r::outputStream);
        refused(ReadOnlyBufferException.class, "outputStream is not allowed: the map was opened with Access.READ",
                r, p, () -> r.outputStream(0, 5));
        MemoryMap w = open(p, Access.WRITE);
        refused(IndexOutOfBoundsException.class, "outputStream range [3, 11) is out of range for length 10", w, p,
                () -> w.outputStream(3, 11));
        refused(IndexOutOfBoundsException.class, "outputStream range [-2, 1) is out of range for length 10", w, p,
                () -> w.outputStream(-2, 1));
        OutputStream out = w.outputStream();
        assertThrows(IndexOutOfBoundsException.class, () -> out.write(new byte[3], 2, 2));
    }

    @Test
    void outputStream_afterProtectReadIsAnIOException() throws IOException {
        assumeTrue(backend() == Backend.NATIVE, "protect() needs the NATIVE backend");
        Path p = file(new byte[PAGE]);
        MemoryMap m = open(p, Access.WRITE);
        OutputStream out = m.outputStream();
        m.protect(Access.READ);
        IOException e = refused(IOException.class, "write is not allowed", m, p, () -> out.write(1));
        assertInstanceOf(ReadOnlyBufferException.class, e.getCause());
        m.protect(Access.WRITE);
        out.write(1);
        assertEquals(1, m.get(0));
    }

    @Test
    void outputStream_worksWithWritersAndPrintStreams() throws IOException {
        Path p = file(new byte[64]);
        MemoryMap m = open(p, Access.WRITE);
        try (Writer w = new OutputStreamWriter(m.outputStream(0, 32), StandardCharsets.UTF_8)) {
            w.write("h\u00e9llo ");
        }
        try (PrintStream ps = new PrintStream(m.outputStream(7, 64), false, StandardCharsets.US_ASCII)) {
            ps.print("world");
            assertFalse(ps.checkError());
        }
        assertEquals("h\u00e9llo world", new String(m.get(0, 12), StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------------------- SeekableByteChannel

    @Test
    void channel_readsWritesAndSeeksLikeTheModel() throws IOException {
        byte[] model = random(3 * PAGE, 6);
        Path p = file(model.clone());
        MemoryMap m = open(p, Access.WRITE);
        m.seek(9);
        try (SeekableByteChannel ch = m.channel()) {
            assertEquals(3 * PAGE, ch.size());
            assertEquals(0, ch.position());
            ByteBuffer heap = ByteBuffer.allocate(100);
            assertEquals(100, ch.read(heap));
            assertArrayEquals(Arrays.copyOfRange(model, 0, 100), heap.array());
            ByteBuffer direct = ByteBuffer.allocateDirect(50);
            assertEquals(50, ch.position(PAGE).read(direct));
            direct.flip();
            byte[] got = new byte[50];
            direct.get(got);
            assertArrayEquals(Arrays.copyOfRange(model, PAGE, PAGE + 50), got);
            assertEquals(PAGE + 50, ch.position());

            byte[] record = random(200, 7);
            ByteBuffer src = ByteBuffer.wrap(record);
            assertEquals(200, ch.position(10).write(src));
            assertFalse(src.hasRemaining());
            System.arraycopy(record, 0, model, 10, 200);
            assertEquals(210, ch.position());
            assertEquals(0, ch.write(ByteBuffer.allocate(0)));

            ByteBuffer tail = ByteBuffer.allocate(100);
            assertEquals(36, ch.position(3 * PAGE - 36).read(tail));
            assertEquals(-1, ch.read(tail));
            assertEquals(0, ch.read(ByteBuffer.allocate(0)));
            assertArrayEquals(model, Channels.newInputStream(ch.position(0)).readAllBytes());
        }
        assertArrayEquals(model, m.get(0, 3 * PAGE));
        assertEquals(9, m.tell(), "the map's cursor moved");
    }

    @Test
    void channel_positionPastTheSizeReadsNothingAndWritesAreRefused() throws IOException {
        Path p = patternFile(100);
        MemoryMap m = open(p, Access.WRITE);
        MapChannel ch = m.channel();
        assertEquals(150, ch.position(150).position());
        assertEquals(-1, ch.read(ByteBuffer.allocate(5)));
        ByteBuffer src = ByteBuffer.wrap(ascii("x"));
        IOException e = refused(IOException.class, null, m, p, () -> ch.write(src));
        assertEquals("write of 1 byte(s) at position 150 does not fit in the map of length 100; nothing was written,"
                + " and a channel never grows the map", e.getMessage());
        assertEquals(0, src.position());
        ByteBuffer big = ByteBuffer.wrap(new byte[20]);
        refused(IOException.class, "write of 20 byte(s) at position 90 does not fit in the map of length 100", m, p,
                () -> ch.position(90).write(big));
        assertEquals(0, big.position());
        assertEquals(90, ch.position());
        assertEquals(100, ch.size());
        assertEquals(100, Files.size(p));
        thrown(IllegalArgumentException.class, "newPosition must be >= 0, got -1", () -> ch.position(-1));
        assertEquals(90, ch.position());
        thrown(IllegalArgumentException.class, "dst is a read-only buffer",
                () -> ch.read(ByteBuffer.allocate(4).asReadOnlyBuffer()));
    }

    @Test
    void channel_truncateNeverShrinksTheMap() throws IOException {
        Path p = patternFile(100);
        MemoryMap m = open(p, Access.WRITE);
        MapChannel ch = m.channel();
        ch.position(40);
        assertEquals(40, ch.truncate(100).position());
        assertEquals(40, ch.truncate(1000).position());
        ch.position(120);
        assertEquals(110, ch.truncate(110).position(), "a position past the given size moves to it");
        UnsupportedOperationException e = refused(UnsupportedOperationException.class, null, m, p,
                () -> ch.truncate(99));
        assertEquals("truncate(99) would shrink the map of length 100; a channel never resizes the map:"
                + " use MemoryMap.resize", e.getMessage());
        assertEquals(110, ch.position());
        thrown(IllegalArgumentException.class, "size must be >= 0, got -1", () -> ch.truncate(-1));
        assertEquals(100, ch.size());
        assertEquals(100, Files.size(p));
    }

    @Test
    void channel_onAReadMapIsReadOnly() throws IOException {
        byte[] model = pattern(100);
        Path p = file(model);
        MemoryMap m = open(p, Access.READ);
        MapChannel ch = m.channel();
        refused(NonWritableChannelException.class, null, m, p, () -> ch.write(ByteBuffer.wrap(ascii("no"))));
        refused(NonWritableChannelException.class, null, m, p, () -> ch.truncate(100));
        ByteBuffer all = ByteBuffer.allocate(100);
        assertEquals(100, ch.read(all));
        assertArrayEquals(model, all.array());
        m.close();
        thrown(ClosedChannelException.class, "map is closed", () -> ch.write(ByteBuffer.allocate(1)));
        thrown(ClosedChannelException.class, "map is closed", () -> ch.truncate(1));
    }

    // ---------------------------------------------------------------------------- ByteBuffer views

    @Test
    void asByteBuffer_isAViewInBigEndianOrder() throws IOException {
        Path p = file(new byte[PAGE]);
        MemoryMap m = open(p, Access.WRITE);
        m.setInt(100, 0x01020304);
        ByteBuffer b = m.asByteBuffer(100, 8);
        assertEquals(8, b.capacity());
        assertEquals(ByteOrder.BIG_ENDIAN, b.order());
        assertFalse(b.isReadOnly());
        assertEquals(0x01020304, b.order(MemoryMap.byteOrder()).getInt(0));
        b.order(ByteOrder.BIG_ENDIAN).putInt(4, 0x0A0B0C0D);
        assertArrayEquals(new byte[] {0x0A, 0x0B, 0x0C, 0x0D}, m.get(104, 108));
        assertEquals(0, m.asByteBuffer(PAGE, 0).capacity());
        m.flush();
        assertArrayEquals(new byte[] {0x0A, 0x0B, 0x0C, 0x0D}, Arrays.copyOfRange(Files.readAllBytes(p), 104, 108));
    }

    @Test
    void asByteBuffer_onAReadMapIsReadOnly() throws IOException {
        byte[] model = pattern(PAGE);
        MemoryMap m = open(file(model), Access.READ);
        ByteBuffer b = m.asByteBuffer(10, 20);
        assertTrue(b.isReadOnly());
        assertThrows(ReadOnlyBufferException.class, () -> b.put(0, (byte) 1));
        byte[] got = new byte[20];
        b.get(got);
        assertArrayEquals(Arrays.copyOfRange(model, 10, 30), got);
    }

    @Test
    void asByteBuffer_rangesOutsideTheMapAreRefused() throws IOException {
        Path p = patternFile(100);
        MemoryMap m = open(p, Access.READ);
        refused(IndexOutOfBoundsException.class, "asByteBuffer range start 90, length 11 is out of range for length 100",
                m, p, () -> m.asByteBuffer(90, 11));
        refused(IndexOutOfBoundsException.class, "asByteBuffer range start -1, length 1 is out of range for length 100",
                m, p, () -> m.asByteBuffer(-1, 1));
        refused(IndexOutOfBoundsException.class, "asByteBuffer range start 0, length -1 is out of range for length 100",
                m, p, () -> m.asByteBuffer(0, -1));
    }

    @Test
    void asByteBuffer_over2GiBIsRefusedNamingTheLength() throws IOException {
        long size = 3L << 30;
        Path p = dir.resolve("sparse");
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.SPARSE)) {
            ch.write(ByteBuffer.wrap(ascii("end")), size - 3);
        }
        MemoryMap m = open(p, Access.READ);
        int most = Integer.MAX_VALUE - 8;
        thrown(IllegalArgumentException.class, "length 3221225472 is more than a ByteBuffer view holds (2147483639);"
                + " use segment() or several smaller ranges", () -> m.asByteBuffer(0, size));
        thrown(IllegalArgumentException.class, "length 2147483640 is more than a ByteBuffer view holds (2147483639);"
                + " use segment() or several smaller ranges", () -> m.asByteBuffer(1, most + 1L));
        ByteBuffer last = m.asByteBuffer(size - most, most);
        assertEquals(most, last.capacity());
        assertEquals('e', last.get(most - 3));
        ByteBuffer far = m.asByteBuffer(size - 3, 3);
        assertEquals('d', far.get(2));
        // a stream refuses what no byte[] holds, as read() does
        thrown(OutOfMemoryError.class, "3221225472 bytes are left, more than a byte[] holds",
                () -> m.inputStream().readAllBytes());
        MapInputStream in = m.inputStream(size - 5, size);
        assertEquals(5, in.available());
        assertArrayEquals(ascii("\0\0end"), in.readAllBytes());
        assertEquals(Integer.MAX_VALUE, m.inputStream().available());
        assertEquals(size, m.channel().size());
    }

    @Test
    void readIntoAndWriteByteBuffers_moveTheCursor() throws IOException {
        byte[] model = pattern(100);
        Path p = file(model.clone());
        MemoryMap m = open(p, Access.WRITE);
        m.seek(10);
        ByteBuffer heap = ByteBuffer.allocate(30);
        heap.position(5);
        assertEquals(25, m.readInto(heap));
        assertEquals(30, heap.position());
        assertArrayEquals(Arrays.copyOfRange(model, 10, 35), Arrays.copyOfRange(heap.array(), 5, 30));
        assertEquals(35, m.tell());
        ByteBuffer direct = ByteBuffer.allocateDirect(200);
        assertEquals(65, m.readInto(direct));
        assertEquals(0, m.readInto(direct), "0 at the end, as readInto(byte[])");
        assertEquals(100, m.tell());

        m.seek(50);
        ByteBuffer src = ByteBuffer.wrap(ascii("__written__"));
        assertEquals(11, m.write(src));
        assertFalse(src.hasRemaining());
        assertEquals(61, m.tell());
        assertArrayEquals(ascii("__written__"), m.get(50, 61));
        ByteBuffer tooBig = ByteBuffer.allocateDirect(40);
        BufferOverflowException e = refused(BufferOverflowException.class, null, m, p, () -> m.write(tooBig));
        assertEquals("write of 40 byte(s) at position 61 does not fit in the map of length 100; nothing was written",
                e.getMessage());
        assertEquals(0, tooBig.position());
        thrown(IllegalArgumentException.class, "dst is a read-only buffer",
                () -> m.readInto(ByteBuffer.allocate(1).asReadOnlyBuffer()));
        refused(NullPointerException.class, "src", m, p, () -> m.write((ByteBuffer) null));
        refused(NullPointerException.class, "dst", m, p, () -> m.readInto((ByteBuffer) null));

        MemoryMap r = open(p, Access.READ);
        refused(ReadOnlyBufferException.class, "write is not allowed: the map was opened with Access.READ", r, p,
                () -> r.write(ByteBuffer.allocate(1)));
    }

    // ---------------------------------------------------------------------------- lines

    private List<String> linesOf(String content) throws IOException {
        MemoryMap m = open(file(ascii(content)), Access.READ);
        List<String> lines = strings(m.lines());
        assertEquals(content, String.join("", lines), "the lines put together are not the map");
        List<String> cursor = new ArrayList<>();
        for (byte[] line = m.readLine(); line.length > 0; line = m.readLine()) {
            cursor.add(new String(line, StandardCharsets.ISO_8859_1));
        }
        assertEquals(lines, cursor, "lines() and the readLine loop differ");
        return lines;
    }

    @Test
    void lines_keepTheirNewlinesAsReadLineDoes() throws IOException {
        assertEquals(List.of("a\n", "bb\n"), linesOf("a\nbb\n"));
        assertEquals(List.of("a\n", "bb"), linesOf("a\nbb"));
        assertEquals(List.of("\n", "\n", "x\n", "\n"), linesOf("\n\nx\n\n"));
        assertEquals(List.of("dos\r\n", "\r\n", "mac\rline\n", "\r"), linesOf("dos\r\n\r\nmac\rline\n\r"));
        assertEquals(List.of("no newline at all"), linesOf("no newline at all"));
        assertEquals(List.of("\n"), linesOf("\n"));
    }

    @Test
    void lines_startAtZeroAndLeaveTheCursor() throws IOException {
        MemoryMap m = open(file(ascii("one\ntwo\nthree\n")), Access.READ);
        m.seek(6);
        assertEquals(List.of("one\n", "two\n", "three\n"), strings(m.lines()));
        assertEquals(6, m.tell());
        assertEquals(2, m.lines().filter(l -> l[0] == 't').count());
    }

    @Test
    void lines_followAResize() throws IOException {
        Path p = file(ascii("one\ntwo\nthree\n"));
        MemoryMap m = open(p, Access.WRITE);
        Iterator<byte[]> it = m.lines().iterator();
        assertEquals("one\n", new String(it.next(), StandardCharsets.ISO_8859_1));
        m.resize(6);
        assertEquals("tw", new String(it.next(), StandardCharsets.ISO_8859_1));
        assertFalse(it.hasNext());
    }

    // ---------------------------------------------------------------------------- lifetime

    @Test
    void everyFace_afterTheMapIsClosed() throws IOException {
        Path p = patternFile(PAGE);
        MemoryMap m = open(p, Access.WRITE);
        MapInputStream in = m.inputStream();
        MapOutputStream out = m.outputStream(0, 10);
        MapChannel ch = m.channel();
        ByteBuffer view = m.asByteBuffer(0, 10);
        Iterator<byte[]> lines = m.lines().iterator();
        m.close();

        for (Executable call : List.<Executable>of(in::read, () -> in.read(new byte[4]), in::readAllBytes,
                () -> in.skip(1), in::available, in::reset, () -> in.transferTo(new ByteArrayOutputStream()),
                () -> out.write(1), () -> out.write(new byte[4]), out::flush)) {
            IOException e = thrown(IOException.class, "map is closed", call);
            assertInstanceOf(IllegalStateException.class, e.getCause());
        }
        assertFalse(ch.isOpen());
        for (Executable call : List.<Executable>of(() -> ch.read(ByteBuffer.allocate(4)),
                () -> ch.write(ByteBuffer.allocate(4)), ch::position, () -> ch.position(3), ch::size,
                () -> ch.truncate(5), () -> ch.read(null), () -> ch.write(null), () -> ch.position(-1),
                () -> ch.truncate(-1))) {
            thrown(ClosedChannelException.class, "map is closed", call);
        }
        thrown(IOException.class, "map is closed", () -> in.read(null, 0, 1));
        thrown(IOException.class, "map is closed", () -> in.readNBytes(-1));
        thrown(IOException.class, "map is closed", () -> out.write(new byte[1], 1, 1));
        assertThrows(IllegalStateException.class, () -> view.get(0));
        thrown(IllegalStateException.class, "map is closed", lines::hasNext);
        for (Executable call : List.<Executable>of(m::inputStream, () -> m.inputStream(0, 1), m::outputStream,
                () -> m.outputStream(0, 1), m::channel, () -> m.asByteBuffer(0, 1), m::lines,
                () -> m.readInto(ByteBuffer.allocate(1)), () -> m.write(ByteBuffer.allocate(1)))) {
            thrown(IllegalStateException.class, "map is closed", call);
        }
        in.close();
        out.close();
        ch.close();
    }

    @Test
    void everyFace_afterItIsClosedItselfButNotTheMap() throws IOException {
        Path p = patternFile(PAGE);
        MemoryMap m = open(p, Access.WRITE);
        MapInputStream in = m.inputStream();
        MapOutputStream out = m.outputStream();
        MapChannel ch = m.channel();
        in.close();
        out.close();
        ch.close();
        in.close();                                        // twice is fine
        for (Executable call : List.<Executable>of(in::read, () -> in.read(new byte[4]), in::readAllBytes,
                () -> in.skip(1), in::available, in::reset, () -> in.transferTo(new ByteArrayOutputStream()),
                () -> out.write(1), () -> out.write(new byte[4]), out::flush)) {
            thrown(IOException.class, "stream is closed", call);
        }
        assertFalse(ch.isOpen());
        for (Executable call : List.<Executable>of(() -> ch.read(ByteBuffer.allocate(4)),
                () -> ch.write(ByteBuffer.allocate(4)), ch::position, () -> ch.position(3), ch::size,
                () -> ch.truncate(5))) {
            thrown(ClosedChannelException.class, "channel is closed", call);
        }
        assertFalse(m.isClosed());
        assertEquals(PAGE, m.length());
    }

    @Test
    void streamsAndChannel_followAResizeButViewsDie() throws IOException {
        byte[] model = pattern(2 * PAGE);
        Path p = file(model);
        MemoryMap m = open(p, Access.WRITE);
        MapInputStream whole = m.inputStream();
        MapInputStream range = m.inputStream(PAGE, 2 * PAGE);
        MapOutputStream out = m.outputStream();
        MapChannel ch = m.channel();
        ByteBuffer view = m.asByteBuffer(0, 16);
        assertEquals(model[0] & 0xFF, whole.read());

        m.resize(PAGE + 100);                              // shrink
        assertThrows(IllegalStateException.class, () -> view.get(0));
        assertEquals(PAGE + 100, ch.size());
        assertArrayEquals(Arrays.copyOfRange(model, PAGE, PAGE + 100), range.readAllBytes(), "range ends at the new length");
        assertEquals(-1, range.read());
        assertArrayEquals(Arrays.copyOfRange(model, 1, PAGE + 100), whole.readAllBytes());

        m.resize(3 * PAGE);                                // grow: the whole-map faces see it
        assertEquals(2 * PAGE - 100, whole.available());
        assertArrayEquals(new byte[PAGE - 100], range.readAllBytes(), "the range reads on to its end, zero-filled");
        out.write(new byte[3 * PAGE]);
        assertEquals(3 * PAGE, ch.size());
        ch.position(3 * PAGE - 1);
        assertEquals(1, ch.read(ByteBuffer.allocate(8)));
    }

    @Test
    void asByteBuffer_dieWithProtectButStreamsRead() throws IOException {
        assumeTrue(backend() == Backend.NATIVE, "protect() needs the NATIVE backend");
        Path p = patternFile(PAGE);
        MemoryMap m = open(p, Access.WRITE);
        ByteBuffer view = m.asByteBuffer(0, 8);
        MapInputStream in = m.inputStream();
        m.protect(Access.READ);
        assertThrows(IllegalStateException.class, () -> view.get(0));
        assertTrue(m.asByteBuffer(0, 8).isReadOnly());
        assertArrayEquals(pattern(PAGE), in.readAllBytes());
    }

    @Test
    void facesOfAnAnonymousMap() throws IOException {
        MemoryMap m = anonymous(3 * PAGE);
        byte[] model = random(3 * PAGE, 9);
        try (OutputStream out = Channels.newOutputStream(m.channel())) {
            out.write(model);
        }
        assertArrayEquals(model, m.inputStream().readAllBytes());
        assertArrayEquals(model, Channels.newInputStream(m.channel()).readAllBytes());
        assertEquals(0, m.tell());
    }

    @Test
    void facesOverPagesLostToTruncationThrowIOException() throws IOException {
        assumeFalse(org.junit.jupiter.api.condition.OS.WINDOWS.isCurrentOs(), "Windows cannot truncate a mapped file");
        Path p = patternFile(4 * PAGE);
        MemoryMap m = open(p, Access.WRITE);
        m.get(0, m.length());
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.truncate(PAGE);
        }
        String clear = "cannot access the mapped memory: the file was truncated underneath the map (its size is now "
                + PAGE + " bytes; the map reaches byte " + 4 * PAGE + ")";
        MapInputStream in = m.inputStream(2 * PAGE, 3 * PAGE);
        assertTrue(assertThrows(IOException.class, in::readAllBytes).getMessage().startsWith(clear));
        MapChannel ch = m.channel().position(3 * PAGE);
        assertTrue(assertThrows(IOException.class, () -> ch.read(ByteBuffer.allocate(8))).getMessage().startsWith(clear));
        MapOutputStream out = m.outputStream(2 * PAGE, 3 * PAGE);
        assertTrue(assertThrows(IOException.class, () -> out.write(new byte[8])).getMessage().startsWith(clear));
        assertTrue(assertThrows(java.io.UncheckedIOException.class, () -> m.lines().count()).getMessage()
                .contains(clear));
        assertArrayEquals(pattern(PAGE), m.inputStream(0, PAGE).readAllBytes(), "the pages still in the file work");
    }

    @Test
    void streamAndChannel_readsRacingAResizeAreDoneAgain() throws Exception {
        byte[] model = random(2 * PAGE, 8);
        Path p = file(model);
        MemoryMap m = open(p, Access.WRITE);
        AtomicBoolean stop = new AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> {
            try {
                MapInputStream in = m.inputStream(0, PAGE);
                MapChannel ch = m.channel();
                ByteBuffer buf = ByteBuffer.allocate(PAGE);
                while (!stop.get()) {
                    in.reset();
                    assertArrayEquals(Arrays.copyOf(model, PAGE), in.readAllBytes());
                    ch.position(0).read(buf.clear());
                    assertArrayEquals(Arrays.copyOf(model, PAGE), buf.array());
                    done.incrementAndGet();
                }
                return done.get();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        // at least 300 resizes, and on until the reader has done some rounds among them (a loaded
        // machine may start the reader late); bounded in time either way
        long deadline = System.nanoTime() + 60_000_000_000L;
        for (int i = 0; (i < 300 || done.get() < 5) && !reader.isDone() && System.nanoTime() < deadline; i++) {
            m.resize(i % 2 == 0 ? 3 * PAGE : 2 * PAGE);
        }
        stop.set(true);
        assertTrue(reader.get() >= 5, "the reader did " + done.get() + " rounds racing the resizes");
    }

    @Test
    void streamChannelAndTransferTo_racingTheMapsCloseFailCleanly() throws Exception {
        for (int round = 0; round < 3; round++) {
            Path p = file(random(16 << 20, round));
            MemoryMap m = open(p, Access.READ);
            MapInputStream in = m.inputStream();
            MapInputStream whole = m.inputStream();
            MapChannel ch = m.channel();
            Path target = dir.resolve("race-" + round);
            List<Executable> loops = List.of(() -> {
                byte[] buf = new byte[64 << 10];
                while (true) {
                    if (in.read(buf) < 0) {
                        in.reset();
                    }
                }
            }, () -> {
                ByteBuffer buf = ByteBuffer.allocateDirect(64 << 10);
                while (true) {
                    if (ch.read(buf.clear()) < 0) {
                        ch.position(0);
                    }
                }
            }, () -> {
                while (true) {
                    try (FileOutputStream out = new FileOutputStream(target.toFile())) {
                        whole.reset();
                        whole.transferTo(out);
                    }
                }
            });
            List<AtomicReference<Throwable>> ends = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (Executable loop : loops) {
                AtomicReference<Throwable> end = new AtomicReference<>();
                ends.add(end);
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        loop.execute();
                    } catch (Throwable t) {
                        end.set(t);
                    }
                }));
            }
            Thread.sleep(50);
            m.close();
            for (Thread t : threads) {
                t.join(10_000);
                assertFalse(t.isAlive(), "a face kept running after the map's close");
            }
            assertInstanceOf(IOException.class, ends.get(0).get());
            assertInstanceOf(ClosedChannelException.class, ends.get(1).get());
            assertInstanceOf(IOException.class, ends.get(2).get());
            for (AtomicReference<Throwable> end : ends) {
                assertEquals("map is closed", end.get().getMessage(), () -> "unexpected: " + end.get());
            }
        }
    }
}
