package io.github.jmmap.bench;

import io.github.jmmap.Access;
import io.github.jmmap.Backend;
import io.github.jmmap.MapOptions;
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
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Confined vs shared maps: open a 4 KiB file, read its first byte (the first touch), close. Closing
 * a shared Arena makes the JVM handshake with every other thread and deoptimize frames that access
 * memory (JDK-8335480); a confined Arena closes without any. {@code busy} threads read a segment of
 * their own in a compiled loop meanwhile; after each iteration the fork prints how many segment
 * reads per microsecond they managed ({@code busy threads: ...}), which is what a close costs them.
 *
 * <pre>{@code
 * java -cp ... org.openjdk.jmh.Main 'ConfinedBench' -f 1 -wi 2 -i 3 -p busy=0,1
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class ConfinedBench {
    /** Threads spinning over a segment in compiled code while the benchmark thread opens and closes. */
    @Param({"0", "1"})
    public int busy;

    /** Which jmmap backend. */
    @Param({"NATIVE", "JAVA"})
    public Backend backend;

    private Path path;
    private MapOptions shared;
    private MapOptions confined;
    private final List<Thread> spinners = new ArrayList<>();
    private final LongAdder reads = new LongAdder();
    private volatile boolean stop;
    private long iterationStart;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        path = BenchData.small();
        shared = MapOptions.builder().access(Access.READ).backend(backend).build();
        confined = shared.toBuilder().confined(true).build();
        stop = false;
        for (int i = 0; i < busy; i++) {
            Thread t = new Thread(this::spin, "busy-" + i);
            t.setDaemon(true);
            t.start();
            spinners.add(t);
        }
    }

    private void spin() {
        MemorySegment s = Arena.ofShared().allocate(64 * 1024, 8);   // its own memory, never closed
        long n = 0;
        long sum = 0;
        while (!stop) {
            for (long i = 0; i < s.byteSize(); i += 8) {
                sum += s.get(ValueLayout.JAVA_LONG, i);
            }
            n += s.byteSize() / 8;
            if (n >= 1 << 20) {
                reads.add(n);
                n = 0;
            }
        }
        reads.add(n + (sum == 42 ? 1 : 0));
    }

    @Setup(Level.Iteration)
    public void startIteration() {
        reads.reset();
        iterationStart = System.nanoTime();
    }

    @TearDown(Level.Iteration)
    public void endIteration() {
        if (busy > 0) {
            double us = (System.nanoTime() - iterationStart) / 1e3;
            System.out.printf("  busy threads: %.0f segment reads/us%n", reads.sum() / us);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        stop = true;
        for (Thread t : spinners) {
            t.join();
        }
        spinners.clear();
    }

    @Benchmark
    public int jmmapShared() throws IOException {
        try (MemoryMap m = MemoryMap.open(path, shared)) {
            return m.get(0);
        }
    }

    @Benchmark
    public int jmmapConfined() throws IOException {
        try (MemoryMap m = MemoryMap.open(path, confined)) {
            return m.get(0);
        }
    }

    @Benchmark
    public int rawShared() throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
             Arena arena = Arena.ofShared()) {
            return ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena).get(ValueLayout.JAVA_BYTE, 0);
        }
    }

    @Benchmark
    public int rawConfined() throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
             Arena arena = Arena.ofConfined()) {
            return ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena).get(ValueLayout.JAVA_BYTE, 0);
        }
    }
}
