package io.github.jmmap.bench;

import io.github.jmmap.Access;
import io.github.jmmap.Backend;
import io.github.jmmap.MapOptions;
import io.github.jmmap.MemoryMap;
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
import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * How the cost of open + first touch + close grows with the file: sparse files of 4 KiB to 1 TiB
 * ({@link BenchData#sparse(long)}: no block on disk), mapped whole for reading, byte 0 read, closed;
 * one operation is all three. Nothing else of the file is read, written or prefaulted, so a time
 * that grows with the size is a cost of the mapping itself. jmmap on both backends with a shared
 * and a confined arena ({@code MapOptions.confined(true)}), against the raw
 * {@code FileChannel.map(..., Arena.ofShared())} / {@code Arena.ofConfined()} + close. Short
 * iterations, so that 36 points cost under three minutes (BenchMain keeps them in full mode; quick
 * mode shortens them further); jmmap's open path needs about 2 s of warm-up on this machine before
 * its time settles (the raw mapping's, 0.5 s).
 *
 * <pre>{@code
 * mvn -B -Pbench verify -Djmmap.bench.include=OpenCloseCostBench
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(1)
public class OpenCloseCostBench {

    /** The sparse file of each size. */
    @State(Scope.Thread)
    public static class File {
        @Param({"4KiB", "1MiB", "64MiB", "1GiB", "64GiB", "1TiB"})
        public String size;
        Path path;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            path = BenchData.sparse(BenchData.bytes(size));
        }
    }

    /** Which jmmap backend, with its shared and confined options. */
    @State(Scope.Thread)
    public static class Jmmap {
        @Param({"JAVA", "NATIVE"})
        public Backend backend;
        MapOptions shared;
        MapOptions confined;

        @Setup(Level.Trial)
        public void setUp() {
            shared = MapOptions.builder().access(Access.READ).backend(backend).build();
            confined = shared.toBuilder().confined(true).build();
        }
    }

    @Benchmark
    public int jmmapShared(File f, Jmmap j) throws IOException {
        try (MemoryMap m = MemoryMap.open(f.path, j.shared)) {
            return m.get(0);
        }
    }

    @Benchmark
    public int jmmapConfined(File f, Jmmap j) throws IOException {
        try (MemoryMap m = MemoryMap.open(f.path, j.confined)) {
            return m.get(0);
        }
    }

    @Benchmark
    public int rawShared(File f) throws IOException {
        try (FileChannel ch = FileChannel.open(f.path, StandardOpenOption.READ);
             Arena arena = Arena.ofShared()) {
            return ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena).get(ValueLayout.JAVA_BYTE, 0);
        }
    }

    @Benchmark
    public int rawConfined(File f) throws IOException {
        try (FileChannel ch = FileChannel.open(f.path, StandardOpenOption.READ);
             Arena arena = Arena.ofConfined()) {
            return ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena).get(ValueLayout.JAVA_BYTE, 0);
        }
    }
}
