package io.github.jmmap.bench;

import io.github.jmmap.Backend;
import io.github.jmmap.MemoryMap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Path;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * Workload 4: find and rfind of a needle (8 or 32 bytes) that is absent from 256 MiB of random
 * bytes, so every search reads the whole haystack; one operation is one search. Baselines: a
 * plain first-byte-then-mismatch loop over a raw segment, and {@code String.indexOf} /
 * {@code lastIndexOf} over the same bytes in a heap Latin-1 String (the JDK's intrinsic).
 *
 * <pre>{@code
 * mvn -B -Pbench verify -Djmmap.bench.include=FindBench
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FindBench {

    /** Which needle. */
    @State(Scope.Thread)
    public static class Needle {
        @Param({"8", "32"})
        public int needle;
        byte[] bytes;
        String string;

        @Setup(Level.Trial)
        public void setUp() {
            bytes = needle == 8 ? BenchData.NEEDLE_8 : BenchData.NEEDLE_32;
            string = new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    /** jmmap over the haystack. */
    @State(Scope.Thread)
    public static class Jmmap extends JmmapFile {
        @Override
        protected Path path() throws IOException {
            return BenchData.haystack();
        }
    }

    /** A raw segment from FileChannel.map(..., Arena). */
    @State(Scope.Thread)
    public static class Raw {
        Arena arena;
        MemorySegment segment;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            arena = Arena.ofShared();
            try (FileChannel ch = FileChannel.open(BenchData.haystack(), StandardOpenOption.READ)) {
                segment = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            arena.close();
        }
    }

    /** The haystack as a heap String. */
    @State(Scope.Thread)
    public static class Heap {
        String text;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            text = new String(Files.readAllBytes(BenchData.haystack()), StandardCharsets.ISO_8859_1);
        }
    }

    @Benchmark
    public long jmmapFind(Jmmap s, Needle n) {
        return s.map.find(n.bytes, 0);
    }

    @Benchmark
    public long jmmapRfind(Jmmap s, Needle n) {
        return s.map.rfind(n.bytes, 0);
    }

    @Benchmark
    public long segmentNaiveFind(Raw s, Needle n) {
        MemorySegment seg = s.segment;
        byte[] needle = n.bytes;
        MemorySegment ns = MemorySegment.ofArray(needle);
        byte first = needle[0];
        long last = seg.byteSize() - needle.length;
        for (long i = 0; i <= last; i++) {
            if (seg.get(ValueLayout.JAVA_BYTE, i) == first
                    && MemorySegment.mismatch(seg, i, i + needle.length, ns, 0, needle.length) == -1) {
                return i;
            }
        }
        return -1;
    }

    @Benchmark
    public long stringIndexOf(Heap s, Needle n) {
        return s.text.indexOf(n.string);
    }

    @Benchmark
    public long stringLastIndexOf(Heap s, Needle n) {
        return s.text.lastIndexOf(n.string);
    }
}
