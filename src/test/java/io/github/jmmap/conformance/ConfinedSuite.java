package io.github.jmmap.conformance;

import io.github.jmmap.Access;
import io.github.jmmap.Advice;
import io.github.jmmap.Backend;
import io.github.jmmap.CreatePolicy;
import io.github.jmmap.FlushMode;
import io.github.jmmap.MapInputStream;
import io.github.jmmap.MapOutputStream;
import io.github.jmmap.MapChannel;
import io.github.jmmap.MemoryMap;
import io.github.jmmap.interop.Peers;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code MapOptions.confined(true)}: the map's memory belongs to a confined Arena of the opening
 * thread. Every call from another thread is refused with jmmap's IllegalStateException naming both
 * threads, and changes nothing; the owner uses the map as any other; close releases it; a dropped
 * confined map is reported and released. One concrete subclass per backend.
 */
@DisplayNameGeneration(BackendDisplayNames.class)
public abstract class ConfinedSuite extends MapTestSupport {
    private static final String WORKER = "worker-1";

    private String refusal() {
        return "this map is confined to thread \"" + Thread.currentThread().getName()
                + "\" (MapOptions.confined(true)); it cannot be used from thread \"" + WORKER + "\"";
    }

    private boolean nativeBackend() {
        return backend() == Backend.NATIVE;
    }

    private MemoryMap confined(Path p) throws IOException {
        return open(p, opts().access(Access.WRITE).confined(true).build());
    }

    /** What {@code call} throws on a new thread named worker-1, or null. */
    private static Throwable onWorker(Executable call) throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                call.execute();
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, WORKER);
        t.start();
        t.join();
        return thrown.get();
    }

    /** Each call, run on worker-1, throws exactly jmmap's IllegalStateException, and the map and file stay as they were. */
    private void refusedOnWorker(MemoryMap m, Path file, Map<String, Executable> calls) throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Executable> c : calls.entrySet()) {
            byte[] mapBefore = m.get(0, m.length());
            long pos = m.tell();
            long length = m.length();
            byte[] fileBefore = file == null ? null : Files.readAllBytes(file);
            Throwable e = onWorker(c.getValue());
            if (e == null) {
                wrong.add(c.getKey() + ": not refused");
            } else if (e.getClass() != IllegalStateException.class || !refusal().equals(e.getMessage())) {
                wrong.add(c.getKey() + ": " + e);
            }
            assertFalse(m.isClosed(), c.getKey() + " closed the map");
            assertEquals(length, m.length(), c.getKey() + " changed the length");
            assertEquals(pos, m.tell(), c.getKey() + " moved the position");
            assertArrayEquals(mapBefore, m.get(0, m.length()), c.getKey() + " changed the map's bytes");
            if (fileBefore != null) {
                assertArrayEquals(fileBefore, Files.readAllBytes(file), c.getKey() + " changed the file");
            }
        }
        assertTrue(wrong.isEmpty(), "refusals from another thread that are not jmmap's IllegalStateException \""
                + refusal() + "\":\n" + String.join("\n", wrong));
    }

    private static Map<String, Executable> accessCalls(MemoryMap m) {
        Map<String, Executable> c = new LinkedHashMap<>();
        c.put("get(index)", () -> m.get(0));
        c.put("set(index, value)", () -> m.set(0, (byte) 'X'));
        c.put("get(from, to)", () -> m.get(0, 4));
        c.put("get(from, to, step)", () -> m.get(0, 8, 2));
        c.put("set(from, src)", () -> m.set(0, new byte[]{1, 2}));
        c.put("set(from, to, step, src)", () -> m.set(0, 4, 2, new byte[]{1, 2}));
        c.put("getInt", () -> m.getInt(0));
        c.put("setLong", () -> m.setLong(8, 42));
        c.put("getLongVolatile", () -> m.getLongVolatile(0));
        c.put("setIntVolatile", () -> m.setIntVolatile(0, 1));
        c.put("getAndAddLong", () -> m.getAndAddLong(0, 1));
        c.put("compareAndSetInt", () -> m.compareAndSetInt(0, m.getInt(0), 7));
        c.put("find", () -> m.find(new byte[]{9}));
        c.put("rfind", () -> m.rfind(new byte[]{9}));
        c.put("read(n)", () -> m.read(4));
        c.put("readByte", m::readByte);
        c.put("readLine", m::readLine);
        c.put("readInto(ByteBuffer)", () -> m.readInto(ByteBuffer.allocate(4)));
        c.put("write(byte[])", () -> m.write(new byte[]{1, 2, 3}));
        c.put("writeByte", () -> m.writeByte((byte) 1));
        c.put("write(ByteBuffer)", () -> m.write(ByteBuffer.wrap(new byte[]{1})));
        c.put("move", () -> m.move(0, 8, 8));
        c.put("segment()", m::segment);
        return c;
    }

    private Map<String, Executable> osCalls(MemoryMap m) {
        Map<String, Executable> c = new LinkedHashMap<>();
        c.put("flush()", m::flush);
        c.put("flush(offset, size)", () -> m.flush(0, 8));
        c.put("flush(ASYNC)", () -> m.flush(FlushMode.ASYNC));
        c.put("madvise(WILL_NEED)", () -> m.madvise(Advice.WILL_NEED));
        c.put("madvise(DONT_NEED, range)", () -> m.madvise(Advice.DONT_NEED, 0, 4096));
        c.put("isLoaded", m::isLoaded);
        c.put("resize(grow)", () -> m.resize(m.length() * 2));
        c.put("resize(shrink)", () -> m.resize(4096));
        c.put("protect(READ)", () -> m.protect(Access.READ));
        c.put("lock", m::lock);
        c.put("close", m::close);
        return c;
    }

    @Test
    void confined_everyCallFromAnotherThreadIsRefusedWithJmmapsMessageAndChangesNothing() throws Exception {
        Path p = patternFile(3 * 4096);
        MemoryMap m = confined(p);
        m.seek(5);
        Map<String, Executable> calls = accessCalls(m);
        calls.putAll(osCalls(m));
        refusedOnWorker(m, p, calls);
        assertEquals(3 * 4096, Files.size(p), "a refused resize changed the file's size");
        assertEquals(Access.WRITE, m.access(), "a refused protect changed the access");
    }

    @Test
    void confined_viewsAndFacesMadeOnTheOwnerAreRefusedOnAnotherThread() throws Exception {
        Path p = file(ascii("hello confined world\n".repeat(200)));
        MemoryMap m = confined(p);
        CharSequence text = m.asCharSequence();
        CharSequence window = m.asCharSequence(6, 14);
        MapInputStream in = m.inputStream();
        MapOutputStream out = m.outputStream();
        MapChannel ch = m.channel();
        Map<String, Executable> c = new LinkedHashMap<>();
        c.put("asCharSequence().charAt", () -> text.charAt(0));
        c.put("asCharSequence(start, end).toString", window::toString);
        c.put("regex over asCharSequence()", () -> Pattern.compile("w\\w+").matcher(text).find());
        c.put("inputStream().read()", in::read);
        c.put("inputStream().read(byte[])", () -> in.read(new byte[8]));
        c.put("inputStream().transferTo", () -> in.transferTo(java.io.OutputStream.nullOutputStream()));
        c.put("outputStream().write(int)", () -> out.write('X'));
        c.put("outputStream().write(byte[])", () -> out.write(new byte[]{1, 2}));
        c.put("channel().read", () -> ch.read(ByteBuffer.allocate(8)));
        c.put("channel().write", () -> ch.write(ByteBuffer.wrap(new byte[]{1, 2})));
        refusedOnWorker(m, p, c);
        // and on the owner they work
        assertEquals('h', text.charAt(0));
        assertEquals("confined", window.toString());
        assertEquals('h', in.read());
        out.write('H');
        assertEquals('H', m.get(0));
        ByteBuffer b = ByteBuffer.allocate(5);
        assertEquals(5, ch.read(b));
        assertEquals("Hello", new String(b.array(), java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Test
    void confined_aSegmentTakenOnTheOwnerThrowsTheJdksWrongThreadExceptionElsewhere() throws Exception {
        MemoryMap m = confined(patternFile(4096));
        MemorySegment s = m.segment();
        Throwable e = onWorker(() -> s.get(ValueLayout.JAVA_BYTE, 0));
        assertNotNull(e);
        assertSame(WrongThreadException.class, e.getClass(), e.toString());
        assertFalse(s.isAccessibleBy(new Thread(() -> { })));
        assertTrue(s.isAccessibleBy(Thread.currentThread()));
    }

    @Test
    void confined_theOwnerUsesTheMapAsAnyOtherAndResizeAndProtectStayConfined() throws Exception {
        Path p = patternFile(2 * 4096);
        MemoryMap m = confined(p);
        m.set(0, ascii("abcd"));
        m.setLong(8, 10);
        assertEquals(10, m.getAndAddLong(8, 5));
        assertEquals(15, m.getLong(8));
        assertEquals(2, m.find(ascii("cd")));
        m.flush();
        m.madvise(Advice.WILL_NEED);
        m.resize(3 * 4096);
        assertEquals(3 * 4096, Files.size(p));
        assertArrayEquals(ascii("abcd"), m.get(0, 4));
        assertFalse(m.segment().isAccessibleBy(new Thread(() -> { })), "resize made a shared arena");
        refusedOnWorker(m, p, Map.of("get after resize", () -> m.get(0)));
        if (nativeBackend()) {
            m.protect(Access.READ);
            assertFalse(m.segment().isAccessibleBy(new Thread(() -> { })), "protect made a shared arena");
            refusedOnWorker(m, p, Map.of("get after protect", () -> m.get(0)));
            m.protect(Access.WRITE);
            m.set(1, (byte) 'B');
        }
        m.close();
        assertArrayEquals(ascii(nativeBackend() ? "aBcd" : "abcd"), java.util.Arrays.copyOf(Files.readAllBytes(p), 4));
    }

    @Test
    void confined_anonymousAndNamedMapsAreConfinedToo() throws Exception {
        MemoryMap anon = track(MemoryMap.anonymous(4096, opts().confined(true).build()));
        anon.set(0, (byte) 1);
        refusedOnWorker(anon, null, Map.of("anonymous get", () -> anon.get(0), "anonymous resize",
                () -> anon.resize(8192)));
        anon.resize(8192);
        assertEquals(1, anon.get(0));
        refusedOnWorker(anon, null, Map.of("anonymous get after resize", () -> anon.get(0)));
        String name = tagname("confined");
        assumeTrue(backend() != Backend.JAVA || Files.isDirectory(Path.of("/dev/shm")), "JAVA named maps need /dev/shm");
        MemoryMap named = track(MemoryMap.anonymous(4096, opts().tagname(name).createPolicy(CreatePolicy.CREATE_NEW)
                .confined(true).build()));
        named.set(0, (byte) 2);
        refusedOnWorker(named, null, Map.of("named get", () -> named.get(0), "named close", named::close));
        try (MemoryMap other = MemoryMap.anonymous(0, opts().tagname(name).build())) {
            assertEquals(2, other.get(0));         // a shared map of the same name, usable from anywhere
            assertEquals(null, onWorker(() -> other.get(0)));
        }
        named.close();
    }

    @Test
    void confined_closeFromAnotherThreadIsRefusedAndTheOwnersCloseReleasesMappingAndDescriptor() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/maps")), "counts /proc/self/maps and /proc/self/fd");
        Path p = patternFile(4096);
        String name = p.getFileName().toString();
        long fds = descriptors();
        MemoryMap m = MemoryMap.open(p, opts().access(Access.WRITE).confined(true).build());
        assertTrue(mappings(name) >= 1, "not mapped");
        refusedOnWorker(m, p, Map.of("close", m::close));
        assertTrue(mappings(name) >= 1, "a refused close unmapped");
        m.close();
        m.close();                                 // idempotent
        assertEquals(0, mappings(name), "close left the mapping");
        assertEquals(fds, descriptors(), "close left a descriptor");
        assertNull(onWorker(m::close), "close of a closed map is a no-op on any thread");
        Throwable e = onWorker(() -> m.get(0));
        assertEquals("map is closed", e.getMessage());
        assertSame(IllegalStateException.class, e.getClass());
    }

    @Test
    void confined_aDroppedConfinedMapIsReportedAndReleased() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/maps")), "counts /proc/self/maps and /proc/self/fd");
        Path p = patternFile(4096);
        List<String> cmd = Peers.javaMain(ConfinedLeakChild.class, backend().name(), p.toString(), "200");
        Peers.Result r = Peers.run(cmd).ok();
        String counts = r.line("held ");
        System.out.println("[" + backend() + "] dropped confined maps: " + counts);
        String[] w = counts.split(" ");
        long held = Long.parseLong(w[1]);
        long left = Long.parseLong(w[3]);
        long fdsBefore = Long.parseLong(w[5]);
        long fdsAfter = Long.parseLong(w[7]);
        assertTrue(held >= 100, "the maps were collected before they were counted: " + counts);
        assertTrue(fdsAfter <= fdsBefore + 4, "descriptors of dropped confined maps stay open: " + counts);
        List<String> warnings = r.lines().stream().filter(l -> l.startsWith("WARNING: a MemoryMap of " + p)
                && l.contains("opened at " + ConfinedLeakChild.class.getName() + ".main(")).toList();
        assertEquals(3, warnings.size(), "reported at the 1st, 10th and 100th dropped map: " + r.lines());
        if (nativeBackend()) {
            assertEquals(0, left, "the dropped confined maps stay mapped: " + counts);
            assertTrue(warnings.get(0).contains("Released: its memory is unmapped once no segment of it is reachable;"
                    + " its descriptor is closed."), warnings.get(0));
        } else {                                   // only the owner can close a confined arena: documented
            assertEquals(held, left, counts);
            assertTrue(warnings.get(0).contains("Released: not its mapping: it belongs to a confined Arena"
                    + " (MapOptions.confined(true)) that only its owner thread can close"), warnings.get(0));
        }
        assertEquals("after owner died: " + (nativeBackend() ? 0 : 1), r.line("after owner died: "));
    }

    static long mappings(String name) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/maps")).stream().filter(l -> l.contains(name)).count();
    }

    static long descriptors() throws IOException {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }
}
