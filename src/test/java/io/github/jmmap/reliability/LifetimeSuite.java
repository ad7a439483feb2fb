package io.github.jmmap.reliability;

import io.github.jmmap.Access;
import io.github.jmmap.Backend;
import io.github.jmmap.MemoryMap;
import io.github.jmmap.conformance.BackendDisplayNames;
import io.github.jmmap.conformance.MapTestSupport;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The lifetime of a mapping: a failed resize keeps the map, close/resize/protect while a JDK I/O
 * call holds the memory fail at once and change nothing, calls racing resize() succeed, and only
 * close() makes calls fail, with jmmap's own message. One concrete subclass per backend.
 */
@DisplayNameGeneration(BackendDisplayNames.class)
public abstract class LifetimeSuite extends MapTestSupport {
    static final int KIB = 1024;

    private boolean nativeBackend() {
        return backend() == Backend.NATIVE;
    }

    /** Everything a refused or failed resize must leave as it was. */
    private record Snapshot(long length, byte[] data, long position, Access access, long fileSize) {
        static Snapshot of(MemoryMap m, Path file) throws IOException {
            return new Snapshot(m.length(), m.get(0, m.length()), m.tell(), m.access(),
                    file == null ? -1 : Files.size(file));
        }

        void assertSame(MemoryMap m, Path file) throws IOException {
            assertFalse(m.isClosed(), "the map was closed by the failure");
            assertEquals(length, m.length(), "length");
            assertArrayEquals(data, m.get(0, m.length()), "data");
            assertEquals(position, m.tell(), "position");
            assertEquals(access, m.access(), "protection");
            if (file != null) {
                assertEquals(fileSize, Files.size(file), "file size");
            }
        }
    }

    // ---------------------------------------------------------------------- a failed resize keeps the map

    @Test
    void lifetime_aResizeTheFileSystemRefusesKeepsTheFileMap() throws Exception {
        Path p = patternFile(16 * KIB);
        MemoryMap m = open(p, Access.WRITE);
        m.seek(100);
        for (long tooBig : new long[] {Long.MAX_VALUE, 1L << 50}) {
            Snapshot before = Snapshot.of(m, p);
            IOException e = assertThrows(IOException.class, () -> m.resize(tooBig), "resize(" + tooBig + ")");
            assertTrue(e.getMessage() != null && !e.getMessage().isEmpty(), "no message: " + e);
            before.assertSame(m, p);
        }
        m.set(5, (byte) 55);                             // still a working map
        m.resize(32 * KIB);
        assertEquals(32 * KIB, m.length());
        assertEquals(55, m.get(5));
        assertEquals(32 * KIB, Files.size(p));
    }

    @Test
    void lifetime_anAnonymousResizeTheOsCannotBackKeepsTheMapAndItsData() throws Exception {
        MemoryMap m = anonymous(8 * KIB);
        byte[] data = random(8 * KIB, 7);
        m.set(0, data);
        m.seek(17);
        Snapshot before = Snapshot.of(m, null);
        long huge = 1L << 46;                            // 64 TiB: more than the machine can commit
        try {
            m.resize(huge);
            assumeTrue(!nativeBackend(), "NATIVE must refuse 64 TiB of anonymous memory");
            // the JAVA backend's sparse backing file can take it: the map then has the new length, data kept
            assertEquals(huge, m.length());
            assertArrayEquals(data, m.get(0, data.length));
            m.resize(8 * KIB);
        } catch (IOException e) {
            before.assertSame(m, null);
        }
        assertFalse(m.isClosed());
        assertArrayEquals(data, m.get(0, data.length));
    }

    /**
     * A compare-and-set on a page that a truncation removed kills the JVM (see
     * CasTruncationCanaryTest), so within one JVM a resize may not cut pages from under another
     * open map of the same file that runs such atomics.
     */
    @Test
    void lifetime_aResizeCannotTruncatePagesAnotherMapRunsAtomicsOn() throws Exception {
        Path p = file(new byte[8192]);
        MemoryMap atomics = open(p, Access.WRITE);
        MemoryMap other = open(p, Access.WRITE);
        assertTrue(atomics.compareAndSetLong(4096, 0, 1));
        other.seek(5);
        Snapshot before = Snapshot.of(other, p);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> other.resize(4096));
        assertEquals("cannot resize the map of " + p + " to end at byte 4096: another open map of the file in this JVM"
                + " (bytes [0, 8192)) runs compare-and-set or get-and-add atomics, and one of those on a page a"
                + " truncation removes crashes the JVM (SIGBUS); close that map first. Nothing was changed",
                e.getMessage());
        before.assertSame(other, p);
        other.resize(16384);                             // growing cuts nothing
        atomics.resize(4096);                            // a map may shrink under its own atomics: they fail first
        atomics.close();
        other.resize(2048);                              // no map runs atomics any more
        assertEquals(2048, Files.size(p));
    }

    // ---------------------------------------------------------------------- JDK I/O holding the memory

    /**
     * A thread writing {@code m.segment().asByteBuffer()} into a pipe nobody reads yet: the JDK
     * holds the map's memory (the arena is acquired) until the write ends.
     */
    @SuppressWarnings("try")   // close() joins the writer thread, so it may be interrupted
    private final class BlockedWriter implements AutoCloseable {
        final Pipe pipe = Pipe.open();
        final Thread writer;
        final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());

        BlockedWriter(MemoryMap m) throws Exception {
            ByteBuffer b = m.segment().asByteBuffer();
            writer = Thread.ofPlatform().start(() -> {
                try {
                    while (b.hasRemaining()) {
                        pipe.sink().write(b);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            Thread.sleep(300);                           // the pipe's buffer fills, then write() blocks
            assertTrue(writer.isAlive(), "the writer did not block: " + failures);
        }

        /** Drains the pipe, so the write ends. */
        @Override
        public void close() throws Exception {
            ByteBuffer sink = ByteBuffer.allocate(64 * KIB);
            while (writer.isAlive()) {
                sink.clear();
                pipe.source().configureBlocking(false);
                pipe.source().read(sink);
                Thread.sleep(1);
            }
            writer.join();
            pipe.source().close();
            pipe.sink().close();
            assertEquals(List.of(), failures);
        }
    }

    private static final String IN_USE = "the memory is in use by a JDK I/O operation or a native call on another thread";

    private <T extends Throwable> void failsAtOnce(Class<T> type, String message, MemoryMap m, Path p,
                                                    org.junit.jupiter.api.function.Executable call) throws Exception {
        Snapshot before = Snapshot.of(m, p);
        long t0 = System.nanoTime();
        T e = assertThrows(type, call);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(e.getMessage().contains(message), "message: " + e.getMessage());
        assertTrue(millis < 2_000, "it took " + millis + " ms to fail");
        before.assertSame(m, p);
    }

    @Test
    @SuppressWarnings("try")   // the writer is held for its close(), which ends the blocked I/O
    void lifetime_closeResizeAndProtectWhileJdkIoHoldsTheMemoryFailAtOnceAndChangeNothing() throws Exception {
        Path p = patternFile(1024 * KIB);                // far more than a pipe buffers
        MemoryMap m = open(p, Access.WRITE);
        try (BlockedWriter w = new BlockedWriter(m)) {
            failsAtOnce(IllegalStateException.class, "cannot close: " + IN_USE, m, p, m::close);
            failsAtOnce(IllegalStateException.class, "cannot resize: " + IN_USE, m, p, () -> m.resize(512 * KIB));
            failsAtOnce(IllegalStateException.class, "cannot resize: " + IN_USE, m, p, () -> m.resize(2048 * KIB));
            if (nativeBackend()) {
                failsAtOnce(IllegalStateException.class, "cannot protect: " + IN_USE, m, p,
                        () -> m.protect(Access.READ));
            }
            m.set(0, (byte) 1);                          // still usable meanwhile
        }
        m.resize(512 * KIB);                             // the write ended: all of it works again
        assertEquals(512 * KIB, Files.size(p));
        if (nativeBackend()) {
            m.protect(Access.READ);
        }
        m.close();
        assertTrue(m.isClosed());
        assertMappingGone(p);
    }

    private static void assertMappingGone(Path p) throws IOException {
        if (!Files.isReadable(Path.of("/proc/self/maps"))) {
            return;
        }
        String name = p.getFileName().toString();
        List<String> left = Files.readAllLines(Path.of("/proc/self/maps")).stream().filter(l -> l.contains(name))
                .toList();
        assertEquals(List.of(), left, "mappings of " + p + " left after close");
    }

    // ---------------------------------------------------------------------- calls racing resize()

    static final int LOW = 64 * KIB;
    static final int HIGH = 128 * KIB;

    /** Every kind of call within the first {@link #LOW} bytes, each must succeed while another thread resizes. */
    private static void anyCall(MemoryMap m, int k, int i) {
        byte[] needle = {1, 2, 3};
        switch (k % 16) {
            case 0 -> m.get(i);
            case 1 -> m.set(i, (byte) 1);
            case 2 -> m.get(i, i + 64);
            case 3 -> m.get(i + 63, i, -3);
            case 4 -> m.set(i, i + 8, 2, new byte[] {1, 2, 3, 4});
            case 5 -> m.find(needle, i, i + 512);
            case 6 -> m.rfind(needle, i, i + 512);
            case 7 -> m.getLong(i);
            case 8 -> m.setInt(i, 7);
            case 9 -> m.getAndAddLong(i & ~7, 0);
            case 10 -> m.compareAndSetInt(i & ~3, -1, -1);
            case 11 -> m.getLongVolatile(i & ~7);
            case 12 -> m.asCharSequence(i, i + 64).length();
            case 13 -> m.move(i, i + 16, 32);
            case 14 -> m.set(i, new byte[16]);
            default -> Pattern.compile("\\x01\\x02").matcher(m.asCharSequence(0, LOW)).find(i);
        }
    }

    /**
     * Starts three threads running {@link #anyCall} (thread 0 only get(i)) until {@code outcome},
     * given null for a call that succeeded and the exception otherwise, returns false; returns when
     * all three are running.
     */
    private static List<Thread> callers(MemoryMap m, java.util.function.Predicate<Throwable> outcome)
            throws InterruptedException {
        CountDownLatch started = new CountDownLatch(3);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            int seed = t;
            threads.add(Thread.ofPlatform().start(() -> {
                started.countDown();
                java.util.Random r = new java.util.Random(seed);
                for (int k = 0; ; k++) {
                    Throwable failure = null;
                    try {
                        anyCall(m, seed == 0 ? 0 : k, r.nextInt(LOW - 1024));
                    } catch (Throwable e) {
                        failure = e;
                    }
                    if (!outcome.test(failure)) {
                        return;
                    }
                }
            }));
        }
        started.await();
        return threads;
    }

    @Test
    void lifetime_callsRacingResizeSucceedAgainstTheOldOrTheNewMapping() throws Exception {
        Path p = file(new byte[LOW]);
        for (MemoryMap m : List.of(open(p, Access.WRITE), anonymous(LOW))) {
            List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean stop = new AtomicBoolean();
            LongAdder calls = new LongAdder();
            LongAdder failed = new LongAdder();
            List<Thread> threads = callers(m, e -> {
                if (e == null) {
                    calls.increment();
                } else {
                    failed.increment();
                    if (failures.size() < 5) {
                        failures.add(e);
                    }
                }
                return !stop.get();
            });
            for (int i = 0; i < 200; i++) {
                m.resize(i % 2 == 0 ? HIGH : LOW);
            }
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
            assertEquals(List.of(), failures, failed.sum() + " of " + (failed.sum() + calls.sum()) + " calls failed");
            m.close();
            assertTrue(calls.sum() > 0);
        }
    }

    @Test
    void lifetime_callsAfterCloseFailWithTheMapsOwnMessage() throws Exception {
        MemoryMap m = anonymous(LOW);
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = callers(m, e -> {
            if (e != null && !(e instanceof IllegalStateException && "map is closed".equals(e.getMessage()))) {
                failures.add(e);
            }
            return e == null;
        });
        for (int i = 0; i < 20; i++) {
            m.resize(i % 2 == 0 ? HIGH : LOW);
        }
        m.close();
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(List.of(), failures);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.get(0));
        assertEquals("map is closed", e.getMessage());
    }

    /** RMW atomics racing resize take effect exactly once: none is lost, none applied twice. */
    @Test
    void lifetime_atomicsRacingResizeTakeEffectExactlyOnce() throws Exception {
        MemoryMap m = anonymous(LOW);
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder adds = new LongAdder();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    try {
                        m.getAndAddLong(0, 1);
                        adds.increment();
                        int seen = m.getIntVolatile(8);
                        if (m.compareAndSetInt(8, seen, seen + 1)) {
                            adds.increment();
                        }
                    } catch (Throwable e) {
                        if (failures.size() < 5) {
                            failures.add(e);
                        }
                    }
                }
            }));
        }
        for (int i = 0; i < 2000; i++) {
            m.resize(i % 2 == 0 ? HIGH : LOW);
        }
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(List.of(), failures);
        assertEquals(adds.sum(), m.getLongVolatile(0) + m.getIntVolatile(8), "atomic updates lost or applied twice");
    }

    @Test
    void lifetime_segmentViewsDieWithResizeOrCloseAndCharSequenceViewsFollowTheMap() throws Exception {
        MemoryMap m = anonymous(LOW);
        m.set(LOW - 1, (byte) 'x');
        MemorySegment s = m.segment();
        CharSequence text = m.asCharSequence();
        m.resize(HIGH);
        assertThrows(IllegalStateException.class, () -> s.get(ValueLayout.JAVA_BYTE, 0));
        assertEquals('x', text.charAt(LOW - 1));         // the view reads the resized map
        m.resize(LOW / 2);
        IndexOutOfBoundsException past = assertThrows(IndexOutOfBoundsException.class, () -> text.charAt(LOW - 1));
        assertEquals("byte " + (LOW - 1) + " of the map is past its end: the map was resized to " + LOW / 2
                + " bytes after this CharSequence view was made", past.getMessage());
        MemorySegment s2 = m.segment();
        m.close();
        assertThrows(IllegalStateException.class, () -> s2.get(ValueLayout.JAVA_BYTE, 0));
        assertEquals("map is closed", assertThrows(IllegalStateException.class, () -> text.charAt(0)).getMessage());
    }

    // ---------------------------------------------------------------------- maps dropped without close()

    @Test
    void lifetime_mapsDroppedWithoutCloseAreReportedOnceAndReleased() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/maps")), "counts /proc/self/maps and /proc/self/fd");
        Path p = patternFile(4096);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx64m", "-XX:-UsePerfData", "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                LeakChild.class.getName(), backend().name(), p.toString(), "2000"));
        io.github.jmmap.interop.Peers.Result r = io.github.jmmap.interop.Peers.run(cmd).ok();
        String counts = r.line("held ");
        java.util.Map<String, Long> n = new java.util.HashMap<>();
        String[] words = counts.split(" ");
        for (int i = 0; i + 1 < words.length; i += 2) {
            n.put(words[i], Long.parseLong(words[i + 1]));
        }
        assertTrue(n.get("held") >= 1000, "the maps were collected before they were counted: " + counts);
        assertEquals(0, n.get("mappings"), "mappings of dropped maps left after GC: " + counts);
        assertTrue(n.get("descriptors") <= n.get("descriptorsBefore") + 4, counts);
        List<String> unrecorded = r.lines().stream().filter(l -> l.startsWith("WARNING: a MemoryMap of " + p
                + " was dropped without close(); it was opened at an unrecorded place (jmmap records where maps are"
                + " opened from the first dropped map on, so later maps dropped at the same place are reported with"
                + " it; -Djmmap.leakSites=true records it from the start).")).toList();
        assertEquals(1, unrecorded.size(), "the first dropped map, opened before any was dropped: " + r.lines());
        List<String> warnings = r.lines().stream().filter(l -> l.startsWith("WARNING: a MemoryMap of ")
                && l.contains(".drop(")).toList();
        assertTrue(!warnings.isEmpty(), "no warning: " + r.lines());
        assertTrue(warnings.get(0).startsWith("WARNING: a MemoryMap of " + p + " was dropped without close(); it was"
                + " opened at " + LeakChild.class.getName() + ".drop(LeakChild.java:"), warnings.get(0));
        // one site: reported at the 1st, 10th, 100th and 1000th dropped map, not 2000 times
        assertEquals(4, warnings.size(), String.join("\n", warnings));
        assertTrue(warnings.get(3).contains("(1000 maps opened there were dropped so far)"), warnings.get(3));
        // a segment or a CharSequence view of a dropped map stays usable
        assertEquals("views J 1", r.line("views "));   // byte 1 is 1: the first dropped maps wrote byte i
        System.out.println("[" + backend() + "] dropped maps: 2,000 maps dropped without close(), " + n.get("held")
                + " still mapped before GC, " + n.get("mappings") + " after; descriptors " + n.get("descriptorsBefore")
                + " -> " + n.get("descriptors") + "; " + warnings.size() + " warnings for their one opening site");
    }

    // ---------------------------------------------------------------------- huge pages

    private static final Path NR_HUGEPAGES = Path.of("/proc/sys/vm/nr_hugepages");

    private static long hugePagesFree() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (l.startsWith("HugePages_Free:")) {
                return Long.parseLong(l.substring("HugePages_Free:".length()).trim());
            }
        }
        return -1;
    }

    @Test
    void lifetime_hugePageMapsResizeProtectAndCloseWithoutLeakingPages() throws Exception {
        assumeTrue(nativeBackend() && Files.isReadable(NR_HUGEPAGES), "MAP_HUGETLB: the NATIVE backend on Linux");
        String before = Files.readString(NR_HUGEPAGES).trim();
        try {
            try {
                Files.writeString(NR_HUGEPAGES, String.valueOf(Long.parseLong(before) + 8));
            } catch (IOException e) {
                assumeTrue(false, "cannot reserve huge pages (vm.nr_hugepages needs root): " + e);
            }
            long free = hugePagesFree();
            assumeTrue(free >= 4, "the kernel reserved only " + free + " free huge pages");
            MemoryMap m = MemoryMap.anonymous(4096, opts().hugePages(true).build());
            m.set(0, (byte) 42);                         // faults the huge page in
            assumeTrue(hugePagesFree() == free - 1, "the map did not get a huge page (fell back to normal pages)");
            m.resize(8192);
            assertEquals(42, m.get(0));
            m.set(8191, (byte) 7);
            assertEquals(free - 1, hugePagesFree(), "the old huge page of the resized map was not released");
            m.protect(Access.READ);
            assertEquals(Access.READ, m.access());
            m.protect(Access.DEFAULT);
            m.set(1, (byte) 1);
            m.close();
            assertEquals(free, hugePagesFree(), "huge pages leaked by close");
        } finally {
            Files.writeString(NR_HUGEPAGES, before);
        }
    }
}
