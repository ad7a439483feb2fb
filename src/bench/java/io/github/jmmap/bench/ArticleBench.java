package io.github.jmmap.bench;

import io.github.jmmap.Backend;
import io.github.jmmap.MemoryMap;
import io.github.jmmap.Whence;
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
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * Workload 1, the seed article's: over a 20 MiB file, seek +64 and read 32 bytes, seek -32 and
 * read 32 bytes, until 10 MiB are processed; one operation is the whole pass. Every variant reads
 * into a byte[] and adds its last byte to a checksum (the "processing"); the {@code Alloc}
 * variants allocate a new byte[32] per read, as {@link MemoryMap#read(int)} and Python's
 * {@code read(32)} do, the others reuse one buffer, as {@link MemoryMap#readInto} does.
 *
 * <pre>{@code
 * mvn -B -Pbench verify -Djmmap.bench.include=ArticleBench
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ArticleBench {
    /** Bytes processed per pass: 10 MiB, 64 per step. */
    static final long PROCESSED = 10L << 20;

    /** The JDK baselines over the article file. */
    @State(Scope.Thread)
    public static class Jdk extends JdkFile {
        final byte[] buf = new byte[32];
        /** 32, in a field the JIT cannot fold: the length a reader such as readInto learns at run time. */
        int len = 32;

        @Override
        protected Path path() throws IOException {
            return BenchData.article();
        }
    }

    /** jmmap over the article file. */
    @State(Scope.Thread)
    public static class Jmmap extends JmmapFile {
        final byte[] buf = new byte[32];

        @Override
        protected Path path() throws IOException {
            return BenchData.article();
        }
    }

    @Benchmark
    public long randomAccessFile(Jdk s) throws IOException {
        RandomAccessFile f = s.raf;
        byte[] buf = s.buf;
        long sum = 0;
        long pos = 0;
        f.seek(0);
        for (long done = 0; done < PROCESSED; done += 64) {
            pos += 64;                  // seek(64, SEEK_CUR)
            f.seek(pos);
            f.readFully(buf, 0, 32);
            pos += 32;
            sum += buf[31];
            pos -= 32;                  // seek(-32, SEEK_CUR)
            f.seek(pos);
            f.readFully(buf, 0, 32);
            pos += 32;
            sum += buf[31];
        }
        return sum;
    }

    @Benchmark
    public long fileChannelRead(Jdk s) throws IOException {
        FileChannel ch = s.channel;
        byte[] buf = s.buf;
        ByteBuffer bb = ByteBuffer.wrap(buf);
        long sum = 0;
        long pos = 0;
        for (long done = 0; done < PROCESSED; done += 64) {
            pos += 64;
            bb.clear();
            ch.read(bb, pos);
            pos += 32;
            sum += buf[31];
            pos -= 32;
            bb.clear();
            ch.read(bb, pos);
            pos += 32;
            sum += buf[31];
        }
        return sum;
    }

    @Benchmark
    public long mappedByteBuffer(Jdk s) {
        MappedByteBuffer b = s.buffer;
        byte[] buf = s.buf;
        long sum = 0;
        b.position(0);
        for (long done = 0; done < PROCESSED; done += 64) {
            b.position(b.position() + 64);
            b.get(buf, 0, 32);
            sum += buf[31];
            b.position(b.position() - 32);
            b.get(buf, 0, 32);
            sum += buf[31];
        }
        return sum;
    }

    @Benchmark
    public long segmentCopy(Jdk s) {
        MemorySegment seg = s.segment;
        byte[] buf = s.buf;
        long sum = 0;
        long pos = 0;
        for (long done = 0; done < PROCESSED; done += 64) {
            pos += 64;
            MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, pos, buf, 0, 32);
            pos += 32;
            sum += buf[31];
            pos -= 32;
            MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, pos, buf, 0, 32);
            pos += 32;
            sum += buf[31];
        }
        return sum;
    }

    /**
     * {@link #segmentCopy} with the length read from a field, as a general reader has it: the
     * JDK's copy then cannot be specialised for 32 constant bytes. Not a target's baseline; it
     * shows how much of readInto's distance to segmentCopy is the length being unknown.
     */
    @Benchmark
    public long segmentCopyRuntimeLength(Jdk s) {
        MemorySegment seg = s.segment;
        byte[] buf = s.buf;
        int len = s.len;
        long sum = 0;
        long pos = 0;
        for (long done = 0; done < PROCESSED; done += 64) {
            pos += 64;
            MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, pos, buf, 0, len);
            pos += len;
            sum += buf[31];
            pos -= 32;
            MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, pos, buf, 0, len);
            pos += len;
            sum += buf[31];
        }
        return sum;
    }

    @Benchmark
    public long segmentCopyAlloc(Jdk s) {
        MemorySegment seg = s.segment;
        long sum = 0;
        long pos = 0;
        for (long done = 0; done < PROCESSED; done += 64) {
            pos += 64;
            byte[] a = new byte[32];
            MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, pos, a, 0, 32);
            pos += 32;
            sum += a[31];
            pos -= 32;
            byte[] b = new byte[32];
            MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, pos, b, 0, 32);
            pos += 32;
            sum += b[31];
        }
        return sum;
    }

    @Benchmark
    public long jmmapReadInto(Jmmap s) {
        MemoryMap m = s.map;
        byte[] buf = s.buf;
        long sum = 0;
        m.seek(0);
        for (long done = 0; done < PROCESSED; done += 64) {
            m.seek(64, Whence.CURRENT);
            m.readInto(buf, 0, 32);
            sum += buf[31];
            m.seek(-32, Whence.CURRENT);
            m.readInto(buf, 0, 32);
            sum += buf[31];
        }
        return sum;
    }

    @Benchmark
    public long jmmapReadAlloc(Jmmap s) {
        MemoryMap m = s.map;
        long sum = 0;
        m.seek(0);
        for (long done = 0; done < PROCESSED; done += 64) {
            m.seek(64, Whence.CURRENT);
            sum += m.read(32)[31];
            m.seek(-32, Whence.CURRENT);
            sum += m.read(32)[31];
        }
        return sum;
    }
}
