package io.github.jmmap.bench;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The JDK baselines over one data file, opened for a whole trial: a RandomAccessFile, a
 * FileChannel, a MappedByteBuffer (native order) and a raw segment from
 * {@code FileChannel.map(..., Arena.ofShared())} (shared, as jmmap's are). A benchmark's
 * {@code @State} subclass names the file.
 *
 * <pre>{@code
 * @State(Scope.Thread)
 * public static class Jdk extends JdkFile {
 *     protected Path path() throws IOException { return BenchData.article(); }
 * }
 * }</pre>
 */
@State(Scope.Thread)
public abstract class JdkFile {
    RandomAccessFile raf;
    FileChannel channel;
    MappedByteBuffer buffer;
    Arena arena;
    MemorySegment segment;

    /** The file this state opens. */
    protected abstract Path path() throws IOException;

    @Setup(Level.Trial)
    public void openAll() throws IOException {
        Path path = path();
        raf = new RandomAccessFile(path.toFile(), "r");
        channel = FileChannel.open(path, StandardOpenOption.READ);
        buffer = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
        buffer.order(ByteOrder.nativeOrder());
        arena = Arena.ofShared();
        segment = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
    }

    @TearDown(Level.Trial)
    public void closeAll() throws IOException {
        arena.close();
        channel.close();
        raf.close();
    }
}
