package io.github.jmmap.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

/**
 * How the cost of find grows with the range: {@code find} of the 8-byte needle, absent from the
 * 1 GiB random file ({@link BenchData#findHaystack()}, the scan file), over its first 1 MiB to
 * 1 GiB, so every search reads the whole range; one operation is one search. The bandwidth line is
 * a plain sum of longs over the same range of a raw {@code FileChannel.map(..., Arena.ofShared())}
 * segment. The maps (ScanBench's states) live for the whole trial, so warm-up faults the pages
 * in. Short iterations (BenchMain keeps them in full mode; quick mode shortens them further).
 *
 * <pre>{@code
 * mvn -B -Pbench verify -Djmmap.bench.include=FindCostBench
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(1)
public class FindCostBench {

    /**
     * How many bytes, from the start of the file, one search covers; checks that the haystack,
     * which ScanBench's states map, holds no needle.
     */
    @State(Scope.Thread)
    public static class Range {
        @Param({"1MiB", "16MiB", "256MiB", "1GiB"})
        public String size;
        long bytes;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            bytes = BenchData.bytes(size);
            if (Files.size(BenchData.findHaystack()) < bytes) {
                throw new IllegalStateException("the haystack is shorter than " + size);
            }
        }
    }

    @Benchmark
    public long jmmapFind(ScanBench.Jmmap s, Range r) {
        return s.map.find(BenchData.NEEDLE_8, 0, r.bytes);
    }

    @Benchmark
    public long segmentSum(ScanBench.Jdk s, Range r) {
        MemorySegment seg = s.segment;
        long sum = 0;
        long n = r.bytes;
        for (long i = 0; i + 8 <= n; i += 8) {
            sum += seg.get(ValueLayout.JAVA_LONG_UNALIGNED, i);
        }
        return sum;
    }
}
