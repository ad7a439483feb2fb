package io.github.jmmap.bench;

import io.github.jmmap.Backend;
import io.github.jmmap.MemoryMap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.RandomAccessFile;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Workload 2: absolute reads at random offsets of the 20 MiB file, a byte ({@code get(long)})
 * or a native-order long ({@code getLong(long)}), summed. Scores are per read
 * ({@link OperationsPerInvocation}): one invocation walks {@value #READS} precomputed offsets.
 *
 * <pre>{@code
 * mvn -B -Pbench verify -Djmmap.bench.include=RandomGetBench
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RandomGetBench {
    static final int READS = 4096;

    static long[] offsets(long size) {
        SplittableRandom r = new SplittableRandom(42);
        long[] o = new long[READS];
        for (int i = 0; i < READS; i++) {
            o[i] = r.nextLong(size - 8);
        }
        return o;
    }

    /** The JDK baselines over the 20 MiB file. */
    @State(Scope.Thread)
    public static class Jdk extends JdkFile {
        long[] offsets;
        final ByteBuffer one = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());

        @Override
        protected Path path() throws IOException {
            Path p = BenchData.article();
            offsets = offsets(Files.size(p));
            return p;
        }
    }

    /** jmmap over the 20 MiB file. */
    @State(Scope.Thread)
    public static class Jmmap extends JmmapFile {
        long[] offsets;

        @Override
        protected Path path() throws IOException {
            Path p = BenchData.article();
            offsets = offsets(Files.size(p));
            return p;
        }
    }

    // ---- get(long): one byte

    @Benchmark
    @OperationsPerInvocation(READS)
    public long getRandomAccessFile(Jdk s) throws IOException {
        long sum = 0;
        for (long o : s.offsets) {
            s.raf.seek(o);
            sum += s.raf.read();
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(READS)
    public long getFileChannelRead(Jdk s) throws IOException {
        ByteBuffer one = s.one;
        long sum = 0;
        for (long o : s.offsets) {
            one.clear().limit(1);
            s.channel.read(one, o);
            sum += one.get(0);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(READS)
    public long getMappedByteBuffer(Jdk s) {
        MappedByteBuffer b = s.buffer;
        long sum = 0;
        for (long o : s.offsets) {
            sum += b.get((int) o);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(READS)
    public long getSegment(Jdk s) {
        MemorySegment seg = s.segment;
        long sum = 0;
        for (long o : s.offsets) {
            sum += seg.get(ValueLayout.JAVA_BYTE, o);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(READS)
    public long getJmmap(Jmmap s) {
        MemoryMap m = s.map;
        long sum = 0;
        for (long o : s.offsets) {
            sum += m.get(o);
        }
        return sum;
    }

    // ---- getLong(long): eight bytes, native order, any alignment

    @Benchmark
    @OperationsPerInvocation(READS)
    public long getLongRandomAccessFile(Jdk s) throws IOException {
        long sum = 0;
        for (long o : s.offsets) {
            s.raf.seek(o);
            sum += s.raf.readLong();
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(READS)
    public long getLongFileChannelRead(Jdk s) throws IOException {
        ByteBuffer eight = s.one;
        long sum = 0;
        for (long o : s.offsets) {
            eight.clear();
            s.channel.read(eight, o);
            sum += eight.getLong(0);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(READS)
    public long getLongMappedByteBuffer(Jdk s) {
        MappedByteBuffer b = s.buffer;
        long sum = 0;
        for (long o : s.offsets) {
            sum += b.getLong((int) o);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(READS)
    public long getLongSegment(Jdk s) {
        MemorySegment seg = s.segment;
        long sum = 0;
        for (long o : s.offsets) {
            sum += seg.get(ValueLayout.JAVA_LONG_UNALIGNED, o);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(READS)
    public long getLongJmmap(Jmmap s) {
        MemoryMap m = s.map;
        long sum = 0;
        for (long o : s.offsets) {
            sum += m.getLong(o);
        }
        return sum;
    }
}
