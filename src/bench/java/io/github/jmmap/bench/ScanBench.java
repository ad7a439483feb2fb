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
import java.io.RandomAccessFile;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * Workload 3: the sum of all longs of a 1 GiB file of random bytes (real data, in the page cache
 * after the first pass); one operation is the whole file. The mapped variants keep their mapping
 * across the trial, so warm-up also maps every page in.
 *
 * <pre>{@code
 * mvn -B -Pbench verify -Djmmap.bench.include=ScanBench
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ScanBench {
    static final int CHUNK = 1 << 20;
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    /** The JDK baselines over the 1 GiB file. */
    @State(Scope.Thread)
    public static class Jdk extends JdkFile {
        final byte[] chunk = new byte[CHUNK];
        final ByteBuffer direct = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.nativeOrder());

        @Override
        protected Path path() throws IOException {
            return BenchData.scan();
        }
    }

    /** jmmap over the 1 GiB file. */
    @State(Scope.Thread)
    public static class Jmmap extends JmmapFile {
        @Override
        protected Path path() throws IOException {
            return BenchData.scan();
        }
    }

    @Benchmark
    public long randomAccessFile(Jdk s) throws IOException {
        RandomAccessFile f = s.raf;
        byte[] chunk = s.chunk;
        long sum = 0;
        f.seek(0);
        int n;
        while ((n = f.read(chunk)) > 0) {
            for (int i = 0; i + 8 <= n; i += 8) {
                sum += (long) LONGS.get(chunk, i);
            }
        }
        return sum;
    }

    @Benchmark
    public long fileChannelRead(Jdk s) throws IOException {
        ByteBuffer b = s.direct;
        long sum = 0;
        long pos = 0;
        while (true) {
            b.clear();
            int n = s.channel.read(b, pos);
            if (n <= 0) {
                return sum;
            }
            pos += n;
            for (int i = 0; i + 8 <= n; i += 8) {
                sum += b.getLong(i);
            }
        }
    }

    @Benchmark
    public long mappedByteBuffer(Jdk s) {
        MappedByteBuffer b = s.buffer;
        long sum = 0;
        int n = b.capacity();
        for (int i = 0; i + 8 <= n; i += 8) {
            sum += b.getLong(i);
        }
        return sum;
    }

    @Benchmark
    public long segment(Jdk s) {
        MemorySegment seg = s.segment;
        long sum = 0;
        long n = seg.byteSize();
        for (long i = 0; i + 8 <= n; i += 8) {
            sum += seg.get(ValueLayout.JAVA_LONG_UNALIGNED, i);
        }
        return sum;
    }

    @Benchmark
    public long jmmapGetLong(Jmmap s) {
        MemoryMap m = s.map;
        long sum = 0;
        long n = m.length();
        for (long i = 0; i + 8 <= n; i += 8) {
            sum += m.getLong(i);
        }
        return sum;
    }
}
