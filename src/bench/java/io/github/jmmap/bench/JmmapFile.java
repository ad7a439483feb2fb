package io.github.jmmap.bench;

import io.github.jmmap.Backend;
import io.github.jmmap.MemoryMap;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One data file mapped READ by jmmap for a whole trial, on each backend in turn
 * ({@code @Param backend}). A benchmark's {@code @State} subclass names the file.
 *
 * <pre>{@code
 * @State(Scope.Thread)
 * public static class Jmmap extends JmmapFile {
 *     protected Path path() throws IOException { return BenchData.article(); }
 * }
 * }</pre>
 */
@State(Scope.Thread)
public abstract class JmmapFile {
    @Param({"JAVA", "NATIVE"})
    public Backend backend;
    MemoryMap map;

    /** The file this state maps. */
    protected abstract Path path() throws IOException;

    @Setup(Level.Trial)
    public void mapIt() throws IOException {
        map = BenchData.open(path(), backend);
    }

    @TearDown(Level.Trial)
    public void unmapIt() {
        map.close();
    }
}
