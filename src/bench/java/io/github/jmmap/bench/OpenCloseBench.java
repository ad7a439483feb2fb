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

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * Workload 6: open a 4 KiB file, read its first byte (the first touch of the mapped page), and
 * close, all in one operation. {@code mapArenaShared} is the target's baseline (a shared arena,
 * as jmmap uses, so that any thread may use the map); {@code mapArenaConfined} shows what a
 * single-thread arena saves; {@code mappedByteBuffer} leaves the unmapping to the GC.
 *
 * <pre>{@code
 * mvn -B -Pbench verify -Djmmap.bench.include=OpenCloseBench
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OpenCloseBench {

    /** The file. */
    @State(Scope.Thread)
    public static class File {
        Path path;
        final ByteBuffer one = ByteBuffer.allocate(1);

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            path = BenchData.small();
        }
    }

    /** Which jmmap backend. */
    @State(Scope.Thread)
    public static class Jmmap {
        @Param({"JAVA", "NATIVE"})
        public Backend backend;
    }

    @Benchmark
    public int randomAccessFile(File f) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(f.path.toFile(), "r")) {
            return raf.read();
        }
    }

    @Benchmark
    public int fileChannelRead(File f) throws IOException {
        try (FileChannel ch = FileChannel.open(f.path, StandardOpenOption.READ)) {
            f.one.clear();
            ch.read(f.one, 0);
            return f.one.get(0);
        }
    }

    @Benchmark
    public int mappedByteBuffer(File f) throws IOException {
        try (FileChannel ch = FileChannel.open(f.path, StandardOpenOption.READ)) {
            MappedByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
            return b.get(0);
        }
    }

    @Benchmark
    public int mapArenaShared(File f) throws IOException {
        try (FileChannel ch = FileChannel.open(f.path, StandardOpenOption.READ);
             Arena arena = Arena.ofShared()) {
            MemorySegment s = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            return s.get(ValueLayout.JAVA_BYTE, 0);
        }
    }

    @Benchmark
    public int mapArenaConfined(File f) throws IOException {
        try (FileChannel ch = FileChannel.open(f.path, StandardOpenOption.READ);
             Arena arena = Arena.ofConfined()) {
            MemorySegment s = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            return s.get(ValueLayout.JAVA_BYTE, 0);
        }
    }

    @Benchmark
    public int jmmap(File f, Jmmap j) throws IOException {
        try (MemoryMap m = BenchData.open(f.path, j.backend)) {
            return m.get(0);
        }
    }
}
